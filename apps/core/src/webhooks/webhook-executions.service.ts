import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { readTaskLog, type ExecutionRow, type TaskRow } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { orderSql, parseQ, parseSort, SqlParams, whereSql, type QueryFields } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { pagedQuery } from '../repositories/paged-query.js';
import { harborTaskOrder } from '../executions/task-order.js';
import { WEBHOOK_VENDORS } from './webhook-policies.service.js';
import type { WebhookPolicyView } from './webhook-policy.dto.js';

const EXECUTION_FIELDS: QueryFields = {
  id: { column: 'e.id', type: 'number' },
  status: { column: 'e.status', type: 'string' },
  trigger: { column: 'e.trigger', type: 'string' },
  vendor_type: { column: 'e.vendor_type', type: 'string' },
  start_time: { column: 'e.start_time', type: 'time' },
  end_time: { column: 'e.end_time', type: 'time' },
};

const TASK_FIELDS: QueryFields = {
  id: { column: 't.id', type: 'number' },
  status: { column: 't.status', type: 'string' },
  creation_time: { column: 't.creation_time', type: 'time' },
  start_time: { column: 't.start_time', type: 'time' },
  end_time: { column: 't.end_time', type: 'time' },
};

type ExecutionWithCounts = ExecutionRow &
  Record<`${'task' | 'success' | 'error' | 'pending' | 'running' | 'stopped'}_count`, number>;

/** Harbor's Execution (with Metrics) and Task as the webhook job API answers them. */
function executionView(row: ExecutionWithCounts) {
  return {
    id: row.id,
    vendor_type: row.vendor_type,
    vendor_id: row.vendor_id,
    status: row.status,
    status_message: row.status_message ?? '',
    metrics: {
      task_count: row.task_count,
      success_task_count: row.success_count,
      error_task_count: row.error_count,
      pending_task_count: row.pending_count,
      running_task_count: row.running_count,
      scheduled_task_count: 0,
      stopped_task_count: row.stopped_count,
    },
    trigger: row.trigger,
    extra_attrs: row.extra_attrs,
    start_time: row.start_time,
    ...(row.end_time ? { end_time: row.end_time } : {}),
  };
}

function taskView(row: TaskRow) {
  return {
    id: row.id,
    execution_id: row.execution_id,
    status: row.status,
    status_message: row.status_message ?? '',
    run_count: row.run_count,
    extra_attrs: row.extra_attrs,
    creation_time: row.creation_time,
    update_time: row.update_time,
    ...(row.start_time ? { start_time: row.start_time } : {}),
    ...(row.end_time ? { end_time: row.end_time } : {}),
  };
}

/**
 * What a policy's deliveries did: its executions (one per event and target kind), their tasks, a
 * task's log, and the last time each event type fired. The caller has checked the policy is the project's.
 */
@Injectable()
export class WebhookExecutionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async executions(policyId: number, query: { q?: string; sort?: string }, paging: Paging) {
    const params = new SqlParams([WEBHOOK_VENDORS, policyId]);
    const where = `e.vendor_type = ANY($1) AND e.vendor_id = $2 AND ${whereSql(parseQ(query.q, EXECUTION_FIELDS), EXECUTION_FIELDS, params)}`;
    const order = orderSql(
      parseSort(query.sort, EXECUTION_FIELDS),
      EXECUTION_FIELDS,
      'e.id DESC',
      'e.start_time DESC', // Harbor's execution model default
    );
    const { items, total } = await pagedQuery<ExecutionWithCounts>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM execution e WHERE ${where}`,
      select: (limitOffset) => `SELECT e.*,
          (SELECT count(*)::int FROM task t WHERE t.execution_id = e.id) AS task_count,
          (SELECT count(*)::int FROM task t WHERE t.execution_id = e.id AND t.status = 'Success') AS success_count,
          (SELECT count(*)::int FROM task t WHERE t.execution_id = e.id AND t.status = 'Error') AS error_count,
          (SELECT count(*)::int FROM task t WHERE t.execution_id = e.id AND t.status = 'Pending') AS pending_count,
          (SELECT count(*)::int FROM task t WHERE t.execution_id = e.id AND t.status = 'Running') AS running_count,
          (SELECT count(*)::int FROM task t WHERE t.execution_id = e.id AND t.status = 'Stopped') AS stopped_count
        FROM execution e WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { items: items.map(executionView), total };
  }

  async tasks(policyId: number, executionId: number, query: { q?: string; sort?: string }, paging: Paging) {
    await this.requireExecution(policyId, executionId);
    const params = new SqlParams([executionId]);
    const where = `t.execution_id = $1 AND ${whereSql(parseQ(query.q, TASK_FIELDS), TASK_FIELDS, params)}`;
    const order = orderSql(
      parseSort(query.sort, TASK_FIELDS),
      TASK_FIELDS,
      't.id DESC',
      harborTaskOrder('t'),
    );
    const { items, total } = await pagedQuery<TaskRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM task t WHERE ${where}`,
      select: (limitOffset) => `SELECT t.* FROM task t WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { items: items.map(taskView), total };
  }

  async log(policyId: number, executionId: number, taskId: number): Promise<string> {
    await this.requireExecution(policyId, executionId);
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM task WHERE id = $1 AND execution_id = $2',
      [taskId, executionId],
    );
    if (rows.length === 0) throw HarborError.notFound(`task ${taskId} not found in execution ${executionId}`);
    return (await readTaskLog(this.dataSource, taskId)) ?? '';
  }

  /** Harbor's WebhookLastTrigger: one entry per policy and event type, with its newest execution's start. */
  async lastTriggers(policies: WebhookPolicyView[]) {
    const ids = policies.map((policy) => policy.id);
    const rows = (await this.dataSource.query(
      `SELECT vendor_id, extra_attrs->>'event_type' AS event_type, max(start_time) AS last
         FROM execution WHERE vendor_type = ANY($1) AND vendor_id = ANY($2) GROUP BY 1, 2`,
      [WEBHOOK_VENDORS, ids],
    )) as { vendor_id: number; event_type: string | null; last: Date }[];
    const last = new Map(rows.map((row) => [`${row.vendor_id} ${row.event_type}`, row.last]));
    return policies.flatMap((policy) =>
      policy.event_types.map((eventType) => {
        const time = last.get(`${policy.id} ${eventType}`);
        return {
          policy_name: policy.name,
          event_type: eventType,
          enabled: policy.enabled,
          creation_time: policy.creation_time,
          ...(time ? { last_trigger_time: time } : {}),
        };
      }),
    );
  }

  private async requireExecution(policyId: number, executionId: number): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM execution WHERE id = $1 AND vendor_id = $2 AND vendor_type = ANY($3)',
      [executionId, policyId, WEBHOOK_VENDORS],
    );
    if (rows.length === 0)
      throw HarborError.notFound(`execution ${executionId} not found in policy ${policyId}`);
  }
}
