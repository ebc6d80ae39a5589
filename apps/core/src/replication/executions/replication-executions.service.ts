import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { getExecution, getTask, readTaskLog, Trigger } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { JobProducer, type JobParamsInput } from '@harbor-ts/jobs';
import { orderSql, parseSort, SqlParams, type QueryFields } from '../../common/list-query.js';
import type { Paging } from '../../common/paging.js';
import { harborTaskOrder } from '../../executions/task-order.js';
import { pagedQuery } from '../../repositories/paged-query.js';
import {
  executionView,
  STORED_EXECUTION_STATUS,
  STORED_TASK_STATUS,
  STORED_TRIGGER,
  taskView,
  type ExecutionCountsRow,
} from './replication-views.js';

const VENDOR = 'REPLICATION';

type ReplicationParams = JobParamsInput<'REPLICATION'>;

/** A repository's task; the run's launcher task (which has no resource) is never shown or counted. */
const RESOURCE_TASK = `t.extra_attrs ? 'src_resource'`;

const EXECUTION_SORT: QueryFields = {
  id: { column: 'e.id', type: 'number' },
  status: { column: 'e.status', type: 'string' },
  trigger: { column: 'e.trigger', type: 'string' },
  start_time: { column: 'e.start_time', type: 'time' },
  end_time: { column: 'e.end_time', type: 'time' },
};
const TASK_SORT: QueryFields = {
  id: { column: 't.id', type: 'number' },
  status: { column: 't.status', type: 'string' },
  start_time: { column: 't.start_time', type: 'time' },
  end_time: { column: 't.end_time', type: 'time' },
};

/** Executions with Harbor's task counts, computed in the same query. */
const EXECUTION_COLUMNS = `e.id, e.vendor_id, e.status, e.status_message, e.trigger, e.start_time, e.end_time,
  (SELECT count(*) FROM task t WHERE t.execution_id = e.id AND ${RESOURCE_TASK})::int AS total,
  (SELECT count(*) FROM task t WHERE t.execution_id = e.id AND ${RESOURCE_TASK} AND t.status = 'Error')::int AS failed,
  (SELECT count(*) FROM task t WHERE t.execution_id = e.id AND ${RESOURCE_TASK} AND t.status = 'Success')::int AS succeed,
  (SELECT count(*) FROM task t WHERE t.execution_id = e.id AND ${RESOURCE_TASK} AND t.status IN ('Pending', 'Running'))::int AS in_progress,
  (SELECT count(*) FROM task t WHERE t.execution_id = e.id AND ${RESOURCE_TASK} AND t.status = 'Stopped')::int AS stopped`;

/**
 * Harbor's replication executions: start a policy (an execution with one launcher task, which jobservice
 * expands into a task per repository), list and read runs with their counts, stop, tasks and logs.
 */
@Injectable()
export class ReplicationExecutionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
  ) {}

  /**
   * `eventResource`: an event-based run, replicating just the artifact the event named. `operator`: who
   * started it (the caller, or the event's operator), kept in the execution as Harbor keeps it for
   * the REPLICATION webhook.
   */
  async start(
    policyId: number,
    trigger: Trigger = Trigger.Manual,
    eventResource?: ReplicationParams['event_resource'],
    operator?: string,
  ): Promise<number> {
    const [policy] = (await this.dataSource.query(
      'SELECT id, enabled, single_active_replication FROM replication_policy WHERE id = $1',
      [policyId],
    )) as { id: number; enabled: boolean; single_active_replication: boolean }[];
    if (!policy) throw HarborError.notFound(`policy ${policyId} not found`);
    if (!policy.enabled) throw HarborError.precondition(`the policy ${policyId} is disabled`);
    if (policy.single_active_replication && (await this.hasActiveRun(policyId))) {
      // Harbor records the skipped run as failed rather than refusing the request.
      const [row] = (await this.dataSource.query(
        `INSERT INTO execution (vendor_type, vendor_id, status, status_message, trigger, extra_attrs, end_time)
         VALUES ($1, $2, 'Error', 'Execution skipped: active replication still in progress.', $3, '{}', now())
         RETURNING id`,
        [VENDOR, policyId, trigger],
      )) as { id: number }[];
      return row!.id;
    }
    const { executionId } = await this.producer.submit(this.dataSource, 'REPLICATION', {
      vendorId: policyId,
      trigger,
      tasks: [{ policy_id: policyId, ...(eventResource ? { event_resource: eventResource } : {}) }],
      ...(operator ? { extraAttrs: { operator } } : {}),
    });
    return executionId;
  }

  async list(
    filters: { policyId?: number; status?: string; trigger?: string; sort?: string },
    paging: Paging,
  ) {
    const params = new SqlParams([VENDOR]);
    const where = ['e.vendor_type = $1'];
    if (filters.policyId !== undefined) where.push(`e.vendor_id = ${params.add(filters.policyId)}`);
    if (filters.status)
      where.push(
        `e.status = ANY(${params.add(STORED_EXECUTION_STATUS[filters.status] ?? [filters.status])})`,
      );
    if (filters.trigger)
      where.push(`e.trigger = ${params.add(STORED_TRIGGER[filters.trigger] ?? filters.trigger)}`);
    const clause = where.join(' AND ');
    const order = orderSql(
      parseSort(filters.sort, EXECUTION_SORT),
      EXECUTION_SORT,
      'e.id DESC',
      'e.start_time DESC', // Harbor's execution model default
    );
    const page = await pagedQuery<ExecutionCountsRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM execution e WHERE ${clause}`,
      select: (limitOffset) =>
        `SELECT ${EXECUTION_COLUMNS} FROM execution e WHERE ${clause} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { items: page.items.map(executionView), total: page.total };
  }

  async get(id: number) {
    const [row] = (await this.dataSource.query(
      `SELECT ${EXECUTION_COLUMNS} FROM execution e WHERE e.id = $1 AND e.vendor_type = $2`,
      [id, VENDOR],
    )) as ExecutionCountsRow[];
    if (!row) throw HarborError.notFound(`replication execution ${id} not found`);
    return executionView(row);
  }

  async stop(id: number): Promise<void> {
    await this.requireExecution(id);
    await this.producer.stop(this.dataSource, id);
  }

  async tasks(
    executionId: number,
    filters: { status?: string; resourceType?: string; sort?: string },
    paging: Paging,
  ) {
    await this.requireExecution(executionId);
    const params = new SqlParams([executionId]);
    const where = ['t.execution_id = $1', RESOURCE_TASK];
    if (filters.status)
      where.push(`t.status = ANY(${params.add(STORED_TASK_STATUS[filters.status] ?? [filters.status])})`);
    if (filters.resourceType)
      where.push(`t.extra_attrs->>'resource_type' = ${params.add(filters.resourceType)}`);
    const clause = where.join(' AND ');
    const order = orderSql(parseSort(filters.sort, TASK_SORT), TASK_SORT, 't.id DESC', harborTaskOrder('t'));
    const page = await pagedQuery<Parameters<typeof taskView>[0]>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM task t WHERE ${clause}`,
      select: (limitOffset) =>
        `SELECT t.id, t.execution_id, t.job_id, t.status, t.start_time, t.end_time, t.extra_attrs
           FROM task t WHERE ${clause} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { items: page.items.map(taskView), total: page.total };
  }

  async log(executionId: number, taskId: number): Promise<string> {
    await this.requireExecution(executionId);
    const task = await getTask(this.dataSource, taskId);
    if (!task) throw HarborError.notFound(`task ${taskId} not found`);
    if (task.execution_id !== executionId)
      throw HarborError.notFound(`execution ${executionId} contains no task with ID ${taskId}`);
    return (await readTaskLog(this.dataSource, taskId)) ?? '';
  }

  private async requireExecution(id: number): Promise<void> {
    const execution = await getExecution(this.dataSource, id);
    if (execution?.vendor_type !== VENDOR)
      throw HarborError.notFound(`replication execution ${id} not found`);
  }

  private async hasActiveRun(policyId: number): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM execution WHERE vendor_type = $1 AND vendor_id = $2 AND status IN ('Pending', 'Running') LIMIT 1`,
      [VENDOR, policyId],
    )) as unknown[];
    return rows.length > 0;
  }
}
