import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { SecretBox } from '@harbor-ts/outbound';
import { RegistryClient } from '@harbor-ts/registry-client';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { registryTypeSpec } from '../registries/registry-types.js';
import { TtlCache } from '../registry-gateway/ttl-cache.js';

/** A project with `registry_id`: what the /v2 gateway needs to pull through it. */
export interface ProxyProject {
  projectId: number;
  name: string;
  registryId: number;
  /** `metadata.proxy_speed_kb`: KiB/s from the upstream, 0 = no limit. */
  speedKb: number;
  upstream: RegistryClient;
  /** The upstream's name for a local repository: without the project, `library/` for Docker Hub's single names. */
  upstreamRepository(repository: string): string;
}

interface RegistryRow {
  id: number;
  type: string;
  url: string;
  insecure: boolean;
  access_key: string | null;
  access_secret: string | null;
  ca_certificate: string | null;
  update_time: Date;
}

/** Short: a project switched or a registry edited takes effect within seconds. */
const LOOKUP_MS = 5_000;

/** Finds proxy-cache projects by repository and keeps one upstream client per registry version. */
@Injectable()
export class ProxyProjects implements OnApplicationShutdown {
  private readonly projects = new TtlCache<ProxyProject | null>(LOOKUP_MS);
  private readonly clients = new Map<number, { version: string; client: RegistryClient }>();
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: CoreConfig,
  ) {
    this.secrets = new SecretBox(config.secrets.secretKey);
  }

  /** The proxy-cache project holding `repository`, or undefined for an ordinary project. */
  async of(repository: string): Promise<ProxyProject | undefined> {
    const name = repository.split('/')[0] ?? '';
    const cached = this.projects.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const found = await this.load(name);
    this.projects.set(name, found ?? null);
    return found;
  }

  async onApplicationShutdown() {
    await Promise.all([...this.clients.values()].map(({ client }) => client.close()));
  }

  private async load(name: string): Promise<ProxyProject | undefined> {
    const [project] = (await this.dataSource.query(
      `SELECT p.project_id, p.registry_id, m.value AS speed FROM project p
         LEFT JOIN project_metadata m ON m.project_id = p.project_id AND m.name = 'proxy_speed_kb'
       WHERE p.name = $1 AND NOT p.deleted AND p.registry_id > 0`,
      [name],
    )) as { project_id: number; registry_id: number; speed: string | null }[];
    if (!project) return undefined;
    const [registry] = (await this.dataSource.query(
      `SELECT id, type, url, insecure, access_key, access_secret, ca_certificate, update_time
         FROM registry WHERE id = $1`,
      [project.registry_id],
    )) as RegistryRow[];
    if (!registry) return undefined;
    const dockerHub = registry.type === 'docker-hub';
    return {
      projectId: project.project_id,
      name,
      registryId: registry.id,
      speedKb: Math.max(0, Number(project.speed ?? 0) || 0),
      upstream: this.clientFor(registry),
      upstreamRepository: (repository) => {
        const rest = repository.slice(name.length + 1);
        return dockerHub && !rest.includes('/') ? `library/${rest}` : rest;
      },
    };
  }

  private clientFor(registry: RegistryRow): RegistryClient {
    const version = registry.update_time.toISOString();
    const known = this.clients.get(registry.id);
    if (known?.version === version) return known.client;
    if (known) void known.client.close().catch(() => undefined);
    const client = new RegistryClient(
      {
        url: registryTypeSpec(registry.type)?.distributionUrl ?? registry.url,
        username: registry.access_key || undefined,
        password: registry.access_secret ? this.secrets.open(registry.access_secret) : '',
        insecure: registry.insecure,
        caCertificate: registry.ca_certificate || undefined,
      },
      // A pull waits on these calls: an upstream that is down must fail fast so the cache answers.
      { attempts: 2, backoffMs: 200, idleTimeoutMs: 30_000 },
    );
    this.clients.set(registry.id, { version, client });
    return client;
  }
}
