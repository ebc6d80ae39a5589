import { Injectable } from '@nestjs/common';
import type { JobHandlerMap } from '../runner/job-handler.js';
import { DemoHandler } from './demo/demo.handler.js';
import { ExecutionSweepHandler } from './execution-sweep/execution-sweep.handler.js';
import { GarbageCollectionHandler } from './garbage-collection/garbage-collection.handler.js';
import { ImageScanHandler } from './image-scan/image-scan.handler.js';
import { PurgeAuditHandler } from './purge-audit/purge-audit.handler.js';
import { ReplicationHandler } from './replication/replication.handler.js';
import { RetentionHandler } from './retention/retention.handler.js';
import { ScanAllHandler } from './scan-all/scan-all.handler.js';
import { SlackHandler, WebhookHandler } from './webhook/webhook.handler.js';

/** One handler per job type of the catalogue; a type without one does not compile. */
@Injectable()
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
