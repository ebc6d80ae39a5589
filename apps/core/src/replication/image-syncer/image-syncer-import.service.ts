import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CoreConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { RegistriesService } from '../../registries/registries.service.js';
import { RegistrySettings } from '../../registries/registry-settings.js';
import type { RegistryRow } from '../../registries/registry-view.js';
import { ReplicationPoliciesService } from '../policies/replication-policies.service.js';
import {
  policyWrite,
  type PolicyWrite,
  type ReplicationTrigger,
} from '../policies/replication-policy.dto.js';
import { readSyncerFiles } from './image-syncer-files.js';
import {
  destinationNamespace,
  planImport,
  type PlannedPolicy,
  type PlannedRemote,
} from './image-syncer-plan.js';

export interface ImportRequest {
  images: string;
  auth?: string;
  trigger: ReplicationTrigger;
  enabled: boolean;
  override: boolean;
  dryRun: boolean;
}

export interface ImportedRegistry {
  id?: number;
  name: string;
  url: string;
  type: string;
  created: boolean;
}

export interface ImportResult {
  registries: ImportedRegistry[];
  policies: { id?: number; name: string; direction: 'pull' | 'push'; registry: string }[];
}

/** The remote side's Harbor registry URL: Docker Hub has one fixed endpoint; others are their host. */
function candidateUrls(remote: PlannedRemote): string[] {
  if (remote.type === 'docker-hub') return ['https://hub.docker.com'];
  // image-syncer's `insecure` also falls back to plain HTTP.
  return remote.auth.insecure
    ? [`https://${remote.host}`, `http://${remote.host}`]
    : [`https://${remote.host}`];
}

function hostOf(url: string): string {
  return new URL(url).host.toLowerCase();
}

/**
 * Imports image-syncer's files as replication policies: one policy per source → destination line, and
 * a registry per remote host and user (an existing one with the same URL host and user is reused).
 * All or nothing: what this import created is removed again when a later step fails.
 */
@Injectable()
export class ImageSyncerImportService {
  private readonly logger = new Logger(ImageSyncerImportService.name);
  private readonly localHost: string;

  constructor(
    private readonly registries: RegistriesService,
    private readonly settings: RegistrySettings,
    private readonly policies: ReplicationPoliciesService,
    @Inject(SERVICE_CONFIG) config: CoreConfig,
  ) {
    this.localHost = hostOf(config.externalUrl);
  }

  async import(request: ImportRequest, creator: string): Promise<ImportResult> {
    const plans = planImport(
      readSyncerFiles(request.images, request.auth),
      (host) => host === this.localHost,
    );
    const existing = await this.registries.all();
    const remotes = new Map<string, ImportedRegistry>();
    const created = { registries: [] as number[], policies: [] as number[] };
    try {
      const policies: ImportResult['policies'] = [];
      for (const plan of plans) {
        const key = `${plan.remote.host}\n${plan.remote.auth.username}`;
        let remote = remotes.get(key) ?? this.reusable(plan.remote, existing);
        if (!remote) {
          remote = await this.createRemote(plan.remote, request.dryRun);
          if (remote.id !== undefined) created.registries.push(remote.id);
        }
        remotes.set(key, remote);
        const write = this.policyFor(plan, remote.id ?? -1, request);
        const id = request.dryRun ? undefined : await this.policies.create(write, creator);
        if (id !== undefined) created.policies.push(id);
        policies.push({ id, name: write.name, direction: plan.direction, registry: remote.name });
      }
      return { registries: [...remotes.values()], policies };
    } catch (error) {
      await this.undo(created);
      throw error;
    }
  }

  private reusable(remote: PlannedRemote, rows: RegistryRow[]): ImportedRegistry | undefined {
    const urls = new Set(candidateUrls(remote).map(hostOf));
    const row = rows.find((r) => urls.has(hostOf(r.url)) && r.access_key === remote.auth.username);
    return row && { id: row.id, name: row.name, url: row.url, type: row.type, created: false };
  }

  /** Each candidate URL is validated and pinged by the same rules as `POST /registries`. */
  private async createRemote(remote: PlannedRemote, dryRun: boolean): Promise<ImportedRegistry> {
    const name = `image-syncer ${remote.host}${remote.auth.username ? ` ${remote.auth.username}` : ''}`.slice(
      0,
      64,
    );
    let failure: unknown;
    for (const url of candidateUrls(remote)) {
      try {
        const write = await this.settings.forCreate({
          name,
          url,
          type: remote.type,
          description: 'Imported from an image-syncer auth file',
          insecure: remote.auth.insecure,
          ca_certificate: '',
          credential: remote.auth.username
            ? { type: 'basic', access_key: remote.auth.username, access_secret: remote.auth.password }
            : undefined,
        });
        const id = dryRun ? undefined : await this.registries.create(write);
        return { id, name, url: write.url, type: remote.type, created: true };
      } catch (error) {
        failure = error;
      }
    }
    if (failure instanceof HarborError) throw HarborError.badRequest(`${remote.host}: ${failure.message}`);
    throw failure;
  }

  private policyFor(plan: PlannedPolicy, remoteId: number, request: ImportRequest): PolicyWrite {
    const filters: { type: string; value: unknown }[] = [{ type: 'name', value: plan.source.repository }];
    const tags = plan.source.tags;
    if (tags.length > 0)
      filters.push({ type: 'tag', value: tags.length === 1 ? tags[0] : `{${tags.join(',')}}` });
    // Harbor's own validation of the policy, as if it had been posted to /replication/policies.
    return policyWrite({
      name: plan.name,
      description: `Imported from image-syncer: ${plan.source.host}/${plan.source.repository} to ${plan.destination.host}/${plan.destination.repository}`,
      src_registry: { id: plan.direction === 'pull' ? remoteId : 0 },
      dest_registry: { id: plan.direction === 'push' ? remoteId : 0 },
      dest_namespace: destinationNamespace(plan),
      dest_namespace_replace_count: -1,
      trigger: { type: request.trigger.type, trigger_settings: request.trigger.trigger_settings ?? null },
      filters: filters.map((f) => ({ ...f, decoration: '' })),
      override: request.override,
      enabled: request.enabled,
    });
  }

  private async undo(created: { registries: number[]; policies: number[] }): Promise<void> {
    try {
      for (const id of created.policies) await this.policies.delete(id);
      for (const id of created.registries) await this.registries.delete(id);
    } catch (error) {
      this.logger.error(`undoing a failed image-syncer import left some of it: ${(error as Error).message}`);
    }
  }
}
