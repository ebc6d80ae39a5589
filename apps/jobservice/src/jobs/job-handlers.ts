import type { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import type { JobProducer } from '@harbor-ts/jobs';
import { lazyHandler, type JobHandlerMap } from '../runner/job-handler.js';
import type { JobOutcomes } from '../runner/job-outcomes.js';
import type { TaskRecovery } from '../runner/task-recovery.js';
import type { RegistryctlClient } from './garbage-collection/registryctl-client.js';

/** What the handlers are built from. */
export interface JobHandlerParts {
  dataSource: DataSource;
  config: JobserviceConfig;
  producer: JobProducer;
  outcomes: JobOutcomes;
  recovery: TaskRecovery;
  registryctl: RegistryctlClient;
}

/**
 * One handler per job type of the catalogue (a type without one does not compile). Each one's code
 * (HTTP clients, registry and scanner clients) loads with its first task: an idle jobservice that
 * never replicates or scans does not hold them (bench/README.md "footprint").
 */
export function jobHandlers(parts: JobHandlerParts): JobHandlerMap {
  const { dataSource, config, producer, outcomes, recovery, registryctl } = parts;
  return {
    GARBAGE_COLLECTION: lazyHandler(async () => {
      const [
        { GarbageCollectionHandler },
        { UntaggedArtifactsStep },
        { TrashedManifestsStep },
        { GarbageBlobsStep },
      ] = await Promise.all([
        import('./garbage-collection/garbage-collection.handler.js'),
        import('./garbage-collection/untagged-artifacts.step.js'),
        import('./garbage-collection/trashed-manifests.step.js'),
        import('./garbage-collection/garbage-blobs.step.js'),
      ]);
      return new GarbageCollectionHandler(
        dataSource,
        registryctl,
        new UntaggedArtifactsStep(outcomes),
        new TrashedManifestsStep(),
        new GarbageBlobsStep(),
      );
    }),
    PURGE_AUDIT_LOG: lazyHandler(async () => {
      const { PurgeAuditHandler } = await import('./purge-audit/purge-audit.handler.js');
      return new PurgeAuditHandler(dataSource);
    }),
    EXECUTION_SWEEP: lazyHandler(async () => {
      const { ExecutionSweepHandler } = await import('./execution-sweep/execution-sweep.handler.js');
      return new ExecutionSweepHandler(dataSource, recovery);
    }),
    DEMO: lazyHandler(async () => new (await import('./demo/demo.handler.js')).DemoHandler()),
    IMAGE_SCAN: lazyHandler(async () => {
      const { ImageScanHandler } = await import('./image-scan/image-scan.handler.js');
      return new ImageScanHandler(dataSource, config);
    }),
    SCAN_ALL: lazyHandler(async () => {
      const { ScanAllHandler } = await import('./scan-all/scan-all.handler.js');
      return new ScanAllHandler(dataSource, producer);
    }),
    WEBHOOK: lazyHandler(async () => {
      const { WebhookHandler } = await import('./webhook/webhook.handler.js');
      return new WebhookHandler(dataSource, config);
    }),
    SLACK: lazyHandler(async () => {
      const { SlackHandler } = await import('./webhook/webhook.handler.js');
      return new SlackHandler(dataSource, config);
    }),
    RETENTION: lazyHandler(async () => {
      const { RetentionHandler } = await import('./retention/retention.handler.js');
      return new RetentionHandler(dataSource, producer, outcomes);
    }),
    REPLICATION: lazyHandler(async () => {
      const { ReplicationHandler } = await import('./replication/replication.handler.js');
      return new ReplicationHandler(dataSource, config, producer);
    }),
  };
}
