import { Injectable } from '@nestjs/common';
import { deleteSchedule, upsertSchedule, type Queryable } from '@harbor-ts/db';
import { scheduledCron, type PolicyWrite } from './replication-policy.dto.js';

/** Harbor's vendor type of replication executions and schedules (`job.ReplicationVendorType`). */
export const REPLICATION_VENDOR = 'REPLICATION';

/**
 * A policy's schedule: one `schedule` row per scheduled, enabled policy (vendor REPLICATION, vendor id
 * the policy id). When its cron fires, jobservice's scheduler submits a REPLICATION execution with
 * `{ policy_id }` as the task parameters; the REPLICATION job type itself is jobservice's (catalog.ts).
 * Callers tell jobservice to reconcile (`schedulesChanged`) once their transaction has committed.
 */
@Injectable()
export class ReplicationSchedule {
  async apply(db: Queryable, policyId: number, write: PolicyWrite): Promise<void> {
    const cron = scheduledCron(write);
    if (!cron) return this.remove(db, policyId);
    await upsertSchedule(db, {
      vendorType: REPLICATION_VENDOR,
      vendorId: policyId,
      cron,
      cronType: 'Custom',
      callback: REPLICATION_VENDOR,
      params: { policy_id: policyId },
    });
  }

  async remove(db: Queryable, policyId: number): Promise<void> {
    await deleteSchedule(db, REPLICATION_VENDOR, policyId);
  }
}
