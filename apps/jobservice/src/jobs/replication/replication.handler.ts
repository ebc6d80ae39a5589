import type { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import type { JobProducer } from '@harbor-ts/jobs';
import { SecretBox } from '@harbor-ts/outbound';
import { ensureHarborProject, type RegistryHttpOptions } from '@harbor-ts/registry-client';
import type { JobContext, JobHandler } from '../../runner/job-handler.js';
import { ArtifactCopier } from './artifact-copier.js';
import { withSides, type ReplicationSide, type SideDeps } from './replication-endpoints.js';
import { destinationRepository } from './replication-filters.js';
import { ReplicationStore, type StoredReplicationPolicy } from './replication-store.js';
import { sourceResources, type SourceResource } from './source-resources.js';

type Context = JobContext<'REPLICATION'>;

/** A connection silent this long is cut and retried; a slow but moving copy never is. */
const IDLE_TIMEOUT_MS = 120_000;

/** Harbor's task name: `library/app [3 item(s) in total]`. */
function resourceName(repository: string, artifacts: { digest: string; tags: string[] }[]): string {
  const items = artifacts.reduce((n, a) => n + Math.max(1, a.tags.length), 0);
  return `${repository} [${items} item(s) in total]`;
}

function references(artifacts: { digest: string; tags: string[] }[]): string {
  return artifacts.flatMap((a) => (a.tags.length > 0 ? a.tags : [a.digest])).join(',');
}

/**
 * Harbor's replication. The launcher task lists the source, applies the policy's filters, maps each
 * repository to its destination name, creates a missing destination project on this instance, and adds
 * one task per repository. A repository's task copies (or deletes at the destination) its artifacts.
 */
export class ReplicationHandler implements JobHandler<'REPLICATION'> {
  private readonly secrets: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: JobserviceConfig,
    private readonly producer: JobProducer,
  ) {
    this.secrets = new SecretBox(config.secrets.secretKey);
  }

  async run(context: Context): Promise<void> {
    const store = new ReplicationStore(this.dataSource);
    const policy = await store.policy(context.params.policy_id);
    const deps: SideDeps = {
      db: this.dataSource,
      store,
      secrets: this.secrets,
      // Harbor replicates from and to core's internal URL: in compose the external one may not resolve.
      localUrl: this.config.internalCoreUrl ?? this.config.externalUrl,
    };
    const options = this.clientOptions(context);
    if (context.params.src_resource === undefined) {
      await this.launch(context, store, policy, deps, options);
      return;
    }
    await withSides(deps, policy, options, (source, destination) =>
      this.replicate(context, store, policy, source, destination),
    );
  }

  private async launch(
    context: Context,
    store: ReplicationStore,
    policy: StoredReplicationPolicy,
    deps: SideDeps,
    options: RegistryHttpOptions,
  ): Promise<void> {
    const { log, executionId } = context;
    const existing = await store.resourceTasks(executionId);
    if (existing.length > 0) {
      // A launcher tried again after adding its tasks: queue the waiting ones, add nothing twice.
      const pending = existing.filter((t) => t.status === 'Pending').map((t) => t.id);
      log.info(`the ${existing.length} tasks of this run exist already; ${pending.length} queued again`);
      await this.producer.enqueue('REPLICATION', pending);
      return;
    }
    const planned = await withSides(deps, policy, options, async (source, destination) => {
      log.info(`replicating with policy ${policy.name} from ${source.label} to ${destination.label}`);
      const event = context.params.event_resource;
      // An event names its one artifact (core matched the policy's filters against it).
      const resources: SourceResource[] = event
        ? [{ repository: event.repository, artifacts: event.artifacts }]
        : await sourceResources(source, store, policy, context.signal);
      const plan = resources.map((resource) => ({
        resource,
        destination: destinationRepository(
          resource.repository,
          policy.destNamespace,
          policy.destNamespaceReplaceCount,
          destination.components,
        ),
      }));
      // Harbor's adapters create the destination's projects: this instance's, or a remote Harbor's.
      if (destination.local || destination.type === 'harbor')
        await this.prepareProjects(context, store, destination, plan);
      return plan;
    });
    if (context.signal.aborted) return;
    if (planned.length === 0) {
      log.info('no resources need to be replicated');
      return;
    }
    const operation = context.params.event_resource?.operation ?? 'copy';
    const taskIds = await store.addTasks(
      executionId,
      planned.map((p) => this.taskAttrs(policy, p, operation)),
    );
    log.info(`${taskIds.length} repositories to replicate`);
    try {
      await this.producer.enqueue('REPLICATION', taskIds);
    } catch (error) {
      // The tasks are Pending in Postgres; the execution sweeper enqueues them again.
      log.warn(`enqueueing the repository tasks failed, they are left to the sweeper: ${String(error)}`);
    }
  }

  private taskAttrs(
    policy: StoredReplicationPolicy,
    plan: { resource: SourceResource; destination: string },
    operation: 'copy' | 'deletion',
  ) {
    const { repository, artifacts } = plan.resource;
    return {
      parameters: {
        policy_id: policy.id,
        src_resource: repository,
        dst_resource: plan.destination,
        operation,
        artifacts,
      },
      operation,
      resource_type: 'image',
      src_resource: resourceName(repository, artifacts),
      dst_resource: resourceName(plan.destination, artifacts),
      references: references(artifacts),
    };
  }

  private async prepareProjects(
    context: Context,
    store: ReplicationStore,
    destination: ReplicationSide,
    plan: { destination: string }[],
  ): Promise<void> {
    const projects = new Set(plan.map((p) => p.destination.split('/')[0]!));
    for (const project of projects) {
      if (destination.local && (await store.projectExists(project))) continue;
      const outcome = await ensureHarborProject(destination.client.http, project);
      context.log.info(
        outcome === 'created' ? `created the project ${project}` : `project ${project} exists`,
      );
    }
  }

  private async replicate(
    context: Context,
    store: ReplicationStore,
    policy: StoredReplicationPolicy,
    source: ReplicationSide,
    destination: ReplicationSide,
  ): Promise<void> {
    const { params, log, signal } = context;
    const from = params.src_resource!;
    const to = params.dst_resource ?? from;
    const artifacts = params.artifacts;
    if (params.operation === 'deletion') {
      log.info(`deleting ${artifacts.length} artifacts of ${to} at ${destination.label}`);
      for (const artifact of artifacts) {
        for (const reference of artifact.tags.length > 0 ? artifact.tags : [artifact.digest]) {
          const digest = await destination.client.headManifest(to, reference);
          if (!digest) log.info(`${to}:${reference} is not at the destination`);
          else await destination.client.deleteManifest(to, digest);
          if (digest) log.info(`deleted ${to}:${reference} (${digest})`);
        }
      }
      return;
    }
    log.info(
      `copying ${artifacts.length} artifacts from ${source.label} ${from} to ${destination.label} ${to}`,
    );
    const copier = new ArtifactCopier(source, destination, {
      sourceRepository: from,
      destinationRepository: to,
      override: policy.override,
      speedKb: policy.speedKb,
      byChunk: policy.copyByChunk,
      log,
      signal,
    });
    const started = Date.now();
    try {
      for (const [index, artifact] of artifacts.entries()) {
        if (signal.aborted) return;
        log.info(`[${index + 1}/${artifacts.length}] ${from}@${artifact.digest} ${artifact.tags.join(',')}`);
        await copier.copy(artifact);
      }
    } finally {
      await store.setTaskCounts(context.taskId, { ...copier.counts });
    }
    const c = copier.counts;
    log.info(
      `done in ${Date.now() - started} ms: ${c.manifests_copied} manifests copied, ${c.manifests_skipped} already there; ` +
        `${c.blobs_copied} blobs copied (${c.bytes_copied} bytes), ${c.blobs_mounted} mounted, ${c.blobs_skipped} already there; ` +
        `${c.tags_pushed} tags pushed, ${c.tags_skipped} kept`,
    );
  }

  private clientOptions({ log, signal }: Context): RegistryHttpOptions {
    return {
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      attempts: 5,
      backoffMs: 1000,
      signal,
      onRetry: (error, attempt, waitMs) =>
        log.warn(`${error.message}; trying again in ${waitMs} ms (try ${attempt + 1})`),
    };
  }
}
