import type { DataSource } from 'typeorm';
import type { JobContext, JobHandler } from '../../runner/job-handler.js';
import { auditEventFilter, auditEventSql, selectsNothing } from './audit-event-filter.js';

/** Rows deleted per statement: short transactions, so audit writes never wait long behind a purge. */
export const PURGE_BATCH_SIZE = 5000;

/**
 * Harbor's log rotation (PURGE_AUDIT_LOG): deletes the audit log entries older than the retention whose
 * event type is included, in batches, stopping between batches when asked. A dry run only counts.
 * Deleting row by row (never TRUNCATE) keeps audit_log_count, the total the audit log API shows, right.
 */
export class PurgeAuditHandler implements JobHandler<'PURGE_AUDIT_LOG'> {
  constructor(private readonly dataSource: DataSource) {}

  async run(context: JobContext<'PURGE_AUDIT_LOG'>): Promise<void> {
    const { audit_retention_hour: hours, include_event_types: include, dry_run: dryRun } = context.params;
    const log = context.log;
    log.info('Purge audit job start');
    log.info(
      `Purge operation parameter, retention_hour:${hours}, include_event_types:${include}, dry_run:${dryRun}`,
    );
    const filter = auditEventFilter(include);
    if (selectsNothing(filter)) {
      log.info('no operation selected, skip to purge audit log');
      await context.report({ purged_rows: 0 });
      return;
    }
    // One cutoff for the whole run, so entries written while it runs are never candidates.
    const [{ cutoff }] = (await this.dataSource.query(`SELECT now() - make_interval(hours => $1) AS cutoff`, [
      hours,
    ])) as [{ cutoff: Date }];
    const events = auditEventSql(filter, 2);
    const where = `op_time < $1 AND ${events.sql}`;
    const params = [cutoff, ...events.params];
    const purged = dryRun ? await this.count(where, params) : await this.purge(where, params, context);
    await context.report({ purged_rows: purged });
    log.info(`${dryRun ? '[DRYRUN]' : ''}Purged ${purged} rows of audit logs`);
  }

  private async count(where: string, params: unknown[]): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE ${where}`,
      params,
    )) as {
      n: number;
    }[];
    return row?.n ?? 0;
  }

  private async purge(
    where: string,
    params: unknown[],
    context: JobContext<'PURGE_AUDIT_LOG'>,
  ): Promise<number> {
    const limit = `$${params.length + 1}`;
    let total = 0;
    for (;;) {
      if (context.signal.aborted) {
        context.log.info('received the stop signal, stop the purge job');
        return total;
      }
      const [row] = (await this.dataSource.query(
        `WITH doomed AS (SELECT id FROM audit_log WHERE ${where} ORDER BY id LIMIT ${limit}),
              gone AS (DELETE FROM audit_log a USING doomed WHERE a.id = doomed.id RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [...params, PURGE_BATCH_SIZE],
      )) as { n: number }[];
      const deleted = row?.n ?? 0;
      total += deleted;
      if (deleted > 0) context.log.info(`purged ${total} rows so far`);
      if (deleted < PURGE_BATCH_SIZE) return total;
    }
  }
}
