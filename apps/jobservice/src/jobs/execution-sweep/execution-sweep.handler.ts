import type { DataSource } from 'typeorm';
import { sweepExecutions } from '@harbor-ts/db';
import { JOB_TYPES, JOBS } from '@harbor-ts/jobs';
import { throwIfStopped, type JobContext, type JobHandler } from '../../runner/job-handler.js';
import type { TaskRecovery } from '../../runner/task-recovery.js';
import { sweepUnreferencedVulnerabilityRecords } from './vulnerability-records-sweep.js';

/**
 * Harbor's EXECUTION_SWEEP: keeps the newest finished executions of each job type per vendor (the
 * catalogue's `retain`, Harbor's numbers) and deletes the rest with their tasks and logs; then reaps
 * dead tasks and re-queues lost ones, as the recovery timer does; last, it deletes the vulnerability
 * records no scan report refers to any more.
 */
export class ExecutionSweepHandler implements JobHandler<'EXECUTION_SWEEP'> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recovery: TaskRecovery,
  ) {}

  async run({ signal, log, report }: JobContext<'EXECUTION_SWEEP'>): Promise<void> {
    const swept: Record<string, number> = {};
    for (const type of JOB_TYPES) {
      throwIfStopped(signal);
      swept[type] = await sweepExecutions(this.dataSource, type, JOBS[type].retain);
      log.info(`${type}: kept the newest ${JOBS[type].retain} finished executions, deleted ${swept[type]}`);
    }
    const { reaped, requeued } = await this.recovery.recover();
    log.info(`reaped ${reaped} dead tasks, re-queued ${requeued} pending tasks`);
    const vulnerabilityRecords = await sweepUnreferencedVulnerabilityRecords(this.dataSource, {
      beforeBatch: () => throwIfStopped(signal),
    });
    log.info(`deleted ${vulnerabilityRecords} vulnerability records no report refers to`);
    await report({ swept, reaped, requeued, vulnerabilityRecords });
  }
}
