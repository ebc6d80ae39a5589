import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { deleteSchedule, getSchedule, Trigger, upsertSchedule, type CronType } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { CRON_OF_TYPE, cronProblem, JobProducer, type JobParamsInput, type JobType } from '@harbor-ts/jobs';
import { ExecutionHistoryService } from './execution-history.service.js';
import { scheduleHistory, type ExecHistoryView } from './history-view.js';
import type { ScheduleRequest } from './schedule-request.js';
import type { SystemJobPolicy } from './system-job-policy.js';

/**
 * A system job's schedule (one per job type, `schedule` row with vendor id -1) and "run now". The
 * parameters each scheduled run gets are stored in `callback_func_param`; jobservice's scheduler reads
 * them when the cron fires, and is told to reconcile after every change.
 */
@Injectable()
export class JobScheduleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    private readonly history: ExecutionHistoryService,
  ) {}

  /** Harbor answers 200 with no body when there is no schedule. */
  async get(type: JobType): Promise<ExecHistoryView | undefined> {
    const schedule = await getSchedule(this.dataSource, type);
    return schedule && scheduleHistory(schedule);
  }

  /** Applies a schedule request; returns the id of the run started by a `Manual` one. */
  async apply<T extends JobType>(
    policy: SystemJobPolicy<T>,
    request: ScheduleRequest,
  ): Promise<number | undefined> {
    switch (request.type) {
      case 'Manual':
        return this.runNow(policy, request.parameters);
      case 'None':
        await deleteSchedule(this.dataSource, policy.type);
        break;
      case 'Custom': {
        // cronProblem names the cron itself; Harbor's message already does.
        const reason = cronProblem(request.cron)?.replace(`invalid cron ${request.cron}: `, '');
        if (reason) throw HarborError.badRequest(policy.messages.invalidCron(request.cron, reason));
        await this.save(policy, 'Custom', request.cron, request.parameters);
        break;
      }
      default:
        await this.save(policy, request.type, CRON_OF_TYPE[request.type], request.parameters);
    }
    await this.producer.schedulesChanged();
    return undefined;
  }

  private async runNow<T extends JobType>(
    policy: SystemJobPolicy<T>,
    raw: Record<string, unknown>,
  ): Promise<number> {
    const parameters = policy.parameters(raw);
    if (policy.messages.alreadyRunning) {
      const running = await this.history.unfinished(policy.type);
      if (running !== undefined) throw HarborError.conflict(policy.messages.alreadyRunning(running));
    }
    // The run's parameters are also the execution's attributes: Harbor's history shows them.
    const { executionId } = await this.producer.submit(this.dataSource, policy.type, {
      trigger: Trigger.Manual,
      // Already parsed: defaults applied, so the output is a valid input.
      tasks: [parameters as JobParamsInput<T>],
    });
    return executionId;
  }

  private async save<T extends JobType>(
    policy: SystemJobPolicy<T>,
    cronType: CronType,
    cron: string,
    raw: Record<string, unknown>,
  ) {
    await upsertSchedule(this.dataSource, {
      vendorType: policy.type,
      cron,
      cronType,
      callback: policy.type,
      params: policy.parameters(raw),
    });
  }
}
