import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { deleteSchedule, getExecution, getTask, readTaskLog, Trigger, upsertSchedule } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { JobProducer } from '@harbor-ts/jobs';
import type { Paging } from '../common/paging.js';
import { SqlParams } from '../common/list-query.js';
import { harborTaskOrder } from '../executions/task-order.js';
import { pagedQuery } from '../repositories/paged-query.js';
import { scheduleCron, type RetentionPolicyBody } from './retention-policy.dto.js';

const VENDOR = 'RETENTION';
const META = 'retention_id';

export interface StoredPolicy extends RetentionPolicyBody {
  id: number;
}

function isoOrEmpty(value: Date | string | null | undefined): string {
  return value ? new Date(value).toISOString() : '';
}

/**
 * Harbor's tag retention policies (one per project, its id in the project's `retention_id` metadata),
 * their schedule (a `schedule` row per policy, fired by jobservice) and their runs.
 */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
  ) {}

  async find(id: number): Promise<StoredPolicy | undefined> {
    const [row] = (await this.dataSource.query('SELECT id, data FROM retention_policy WHERE id = $1', [
      id,
    ])) as {
      id: number;
      data: string;
    }[];
    return row && { ...(JSON.parse(row.data) as RetentionPolicyBody), id: row.id };
  }

  async projectExists(projectId: number): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM project WHERE project_id = $1 AND NOT deleted', [
      projectId,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** The project's `retention_id`, if it has a policy. */
  async policyOfProject(projectId: number): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(
      'SELECT value FROM project_metadata WHERE project_id = $1 AND name = $2',
      [projectId, META],
    )) as { value: string }[];
    return row?.value || undefined;
  }

  async create(policy: RetentionPolicyBody): Promise<number> {
    const projectId = policy.scope.ref;
    const id = await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `INSERT INTO retention_policy (scope_level, scope_reference, trigger_kind, data) VALUES ($1, $2, $3, '{}')
         ON CONFLICT DO NOTHING RETURNING id`,
        [policy.scope.level, projectId, policy.trigger.kind],
      )) as { id: number }[];
      if (!row) {
        const old = await this.policyOfProject(projectId);
        throw HarborError.badRequest(`project ${projectId} already has retention policy ${old ?? ''}`);
      }
      await manager.query('UPDATE retention_policy SET data = $2 WHERE id = $1', [
        row.id,
        JSON.stringify({ ...policy, id: row.id }),
      ]);
      await manager.query(
        `INSERT INTO project_metadata (project_id, name, value) VALUES ($1, $2, $3)
         ON CONFLICT (project_id, name) DO UPDATE SET value = EXCLUDED.value, update_time = now()`,
        [projectId, META, String(row.id)],
      );
      return row.id;
    });
    await this.schedule(id, policy);
    return id;
  }

  async update(id: number, policy: RetentionPolicyBody): Promise<void> {
    await this.dataSource.query(
      `UPDATE retention_policy SET scope_level = $2, scope_reference = $3, trigger_kind = $4, data = $5, update_time = now()
        WHERE id = $1`,
      [id, policy.scope.level, policy.scope.ref, policy.trigger.kind, JSON.stringify({ ...policy, id })],
    );
    await this.schedule(id, policy);
  }

  async delete(policy: StoredPolicy): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM retention_policy WHERE id = $1', [policy.id]);
      await manager.query('DELETE FROM project_metadata WHERE project_id = $1 AND name = $2', [
        policy.scope.ref,
        META,
      ]);
      await deleteSchedule(manager, VENDOR, policy.id);
    });
    await this.producer.schedulesChanged();
  }

  /** Harbor's 6-field cron in the policy's trigger becomes a schedule whose runs are launcher tasks. */
  private async schedule(id: number, policy: RetentionPolicyBody): Promise<void> {
    const cron = scheduleCron(policy);
    if (cron)
      await upsertSchedule(this.dataSource, {
        vendorType: VENDOR,
        vendorId: id,
        cron,
        cronType: 'Custom',
        callback: VENDOR,
        params: { policy_id: id, dry_run: false },
      });
    else await deleteSchedule(this.dataSource, VENDOR, id);
    await this.producer.schedulesChanged();
  }

  /** Run now: one launcher task, which adds a task per selected repository. */
  async trigger(policyId: number, dryRun: boolean): Promise<number> {
    const { executionId } = await this.producer.submit(this.dataSource, 'RETENTION', {
      vendorId: policyId,
      trigger: Trigger.Manual,
      tasks: [{ policy_id: policyId, dry_run: dryRun }],
    });
    return executionId;
  }

  async executions(policyId: number, paging: Paging) {
    const params = new SqlParams([VENDOR, policyId]);
    const where = 'vendor_type = $1 AND vendor_id = $2';
    const page = await pagedQuery<Record<string, unknown>>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM execution WHERE ${where}`,
      select: (limitOffset) =>
        `SELECT * FROM execution WHERE ${where} ORDER BY start_time DESC, id DESC ${limitOffset}`,
      params,
      paging,
    });
    return {
      total: page.total,
      items: page.items.map((e) => ({
        id: e.id as number,
        policy_id: e.vendor_id as number,
        start_time: isoOrEmpty(e.start_time as Date),
        end_time: isoOrEmpty(e.end_time as Date | null),
        status: e.status as string,
        trigger: e.trigger as string,
        dry_run: (e.extra_attrs as { dry_run?: boolean }).dry_run === true,
      })),
    };
  }

  /** Harbor's 404 unless the execution is a run of this policy. */
  async requireExecution(policy: StoredPolicy, executionId: number): Promise<void> {
    const execution = await getExecution(this.dataSource, executionId);
    if (execution?.vendor_type !== VENDOR || execution.vendor_id !== policy.id)
      throw HarborError.notFound(`project: ${policy.scope.ref}, execution id ${executionId} not found`);
  }

  async stop(executionId: number): Promise<void> {
    await this.producer.stop(this.dataSource, executionId);
  }

  /** One task per repository (the launcher task, which has none, is not listed). */
  async tasks(executionId: number, paging: Paging) {
    const params = new SqlParams([executionId]);
    const where = `execution_id = $1 AND extra_attrs ? 'repository'`;
    const page = await pagedQuery<Record<string, unknown>>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM task WHERE ${where}`,
      select: (limitOffset) =>
        `SELECT * FROM task WHERE ${where} ORDER BY ${harborTaskOrder()} ${limitOffset}`,
      params,
      paging,
    });
    return {
      total: page.total,
      items: page.items.map((t) => {
        const attrs = t.extra_attrs as { repository?: string; total?: number; retained?: number };
        return {
          id: t.id as number,
          execution_id: t.execution_id as number,
          repository: attrs.repository ?? '',
          job_id: (t.job_id as string | null) ?? '',
          status: t.status as string,
          status_code: t.status_code as number,
          status_revision: Number(t.status_revision),
          start_time: isoOrEmpty(t.start_time as Date | null),
          end_time: isoOrEmpty(t.end_time as Date | null),
          total: attrs.total ?? 0,
          retained: attrs.retained ?? 0,
        };
      }),
    };
  }

  async taskLog(policy: StoredPolicy, executionId: number, taskId: number): Promise<string> {
    await this.requireExecution(policy, executionId);
    const task = await getTask(this.dataSource, taskId);
    if (task?.execution_id !== executionId)
      throw HarborError.notFound(`project: ${policy.scope.ref}, execution id ${executionId} not found`);
    return (await readTaskLog(this.dataSource, taskId)) ?? '';
  }
}
