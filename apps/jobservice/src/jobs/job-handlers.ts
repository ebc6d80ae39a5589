import type { JobHandlerMap } from '../runner/job-handler.js';
import type { DemoHandler } from './demo/demo.handler.js';
import type { ExecutionSweepHandler } from './execution-sweep/execution-sweep.handler.js';
import type { GarbageCollectionHandler } from './garbage-collection/garbage-collection.handler.js';
import type { ImageScanHandler } from './image-scan/image-scan.handler.js';
import type { PurgeAuditHandler } from './purge-audit/purge-audit.handler.js';
import type { ReplicationHandler } from './replication/replication.handler.js';
import type { RetentionHandler } from './retention/retention.handler.js';
import type { ScanAllHandler } from './scan-all/scan-all.handler.js';
import type { SlackHandler, WebhookHandler } from './webhook/webhook.handler.js';

/** One handler per job type of the catalogue; a type without one does not compile. */
export class JobHandlers {
  readonly byType: JobHandlerMap;

  constructor(
    gc: GarbageCollectionHandler,
    purgeAudit: PurgeAuditHandler,
    sweep: ExecutionSweepHandler,
    demo: DemoHandler,
    imageScan: ImageScanHandler,
    scanAll: ScanAllHandler,
    webhook: WebhookHandler,
    slack: SlackHandler,
    retention: RetentionHandler,
    replication: ReplicationHandler,
  ) {
    this.byType = {
      GARBAGE_COLLECTION: gc,
      PURGE_AUDIT_LOG: purgeAudit,
      EXECUTION_SWEEP: sweep,
      DEMO: demo,
      IMAGE_SCAN: imageScan,
      SCAN_ALL: scanAll,
      WEBHOOK: webhook,
      SLACK: slack,
      RETENTION: retention,
      REPLICATION: replication,
    };
  }
}
