import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { EndpointClient, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { PeerClients } from '../infrastructure/peer-clients.js';
import { REDIS } from '../infrastructure/tokens.js';

export interface ComponentHealthStatus {
  name: string;
  status: 'healthy' | 'unhealthy';
  error?: string;
}
export interface OverallHealthStatus {
  status: 'healthy' | 'unhealthy';
  components: ComponentHealthStatus[];
}

const CHECK_TIMEOUT_MS = 3_000;

/** Harbor's health API: every component checked in parallel, each with its own timeout. */
@Injectable()
export class HealthService {
  private readonly checks: Record<string, () => Promise<void>>;

  constructor(
    @Inject(SERVICE_CONFIG) config: CoreConfig,
    @InjectDataSource() dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    peers: PeerClients,
  ) {
    const portal = config.portal;
    const portalClient = 'url' in portal ? new EndpointClient(portal) : undefined;
    const trivyClient = config.trivy && new EndpointClient(config.trivy);
    this.checks = {
      core: async () => undefined,
      database: async () => void (await dataSource.query('SELECT 1')),
      redis: async () => void (await redis.ping()),
      registry: () => expectOk(peers.registry, '/v2/'),
      registryctl: () => expectOk(peers.registryctl, '/api/health'),
      jobservice: () => expectOk(peers.jobservice, '/api/v1/stats'),
      portal: () =>
        portalClient
          ? expectOk(portalClient, '/')
          : access(join((portal as { root: string }).root, 'index.html')),
      // Harbor lists the bundled scanner as a component when it is installed.
      ...(trivyClient ? { trivy: () => expectOk(trivyClient, '/probe/healthy') } : {}),
    };
  }

  async check(): Promise<OverallHealthStatus> {
    const components = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]): Promise<ComponentHealthStatus> => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          return { name, status: 'healthy' };
        } catch (error) {
          return { name, status: 'unhealthy', error: (error as Error).message };
        }
      }),
    );
    const healthy = components.every((c) => c.status === 'healthy');
    return { status: healthy ? 'healthy' : 'unhealthy', components };
  }
}

async function expectOk(client: EndpointClient, path: string): Promise<void> {
  const response = await client.request(path, { method: 'GET', timeoutMs: CHECK_TIMEOUT_MS });
  await response.body.dump();
  if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
