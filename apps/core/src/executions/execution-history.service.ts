import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { getExecution, readTaskLog, tasksOfExecution, type ExecutionRow } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { JobProducer, type JobType } from '@harbor-ts/jobs';
import { orderSql, parseQ, parseSort, SqlParams, whereSql, type QueryFields } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { pagedQuery } from '../repositories/paged-query.js';
import { executionHistory, type ExecHistoryView } from './history-view.js';

/** What `q` and `sort` accept on a history: the execution's columns under both Harbor's names. */
const HISTORY_FIELDS: QueryFields = {
  id: { column: 'e.id', type: 'number' },
  status: { column: 'e.status', type: 'string' },
  job_status: { column: 'e.status', type: 'string' },
  trigger: { column: 'e.trigger', type: 'string' },
  job_kind: { column: 'e.trigger', type: 'string' },
  start_time: { column: 'e.start_time', type: 'time' },
  creation_time: { column: 'e.start_time', type: 'time' },
  end_time: { column: 'e.end_time', type: 'time' },
  update_time: { column: 'e.update_time', type: 'time' },
};

/** The wording of a job type's "not found" answers, as Harbor words them. */
export interface HistoryMessages {
  executionNotFound(id: number): string;
  logNotFound(id: number): string;
}

/**
 * The runs of one system job type (GC, audit log purge) read from Postgres: the history page, one run,
 * its log, and stopping it. Shared by `/system/gc` and `/system/purgeaudit`.
 */
@Injectable()
export class ExecutionHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
  ) {}

  async list(type: JobType, query: { q?: string; sort?: string }, paging: Paging) {
    const params = new SqlParams([type]);
    const where = `e.vendor_type = $1 AND ${whereSql(parseQ(query.q, HISTORY_FIELDS), HISTORY_FIELDS, params)}`;
    const order = orderSql(
      parseSort(query.sort, HISTORY_FIELDS),
      HISTORY_FIELDS,
      'e.id DESC',
      'e.start_time DESC',
    );
    const page = await pagedQuery<ExecutionRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM execution e WHERE ${where}`,
      select: (limitOffset) => `SELECT e.* FROM execution e WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { items: page.items.map((row) => executionHistory(type, row)), total: page.total };
  }

  async get(type: JobType, id: number, messages: HistoryMessages): Promise<ExecHistoryView> {
    return executionHistory(type, await this.execution(type, id, messages));
  }

  /** The log of the run's task (system jobs have one), empty while the task has written nothing. */
  async log(type: JobType, id: number, messages: HistoryMessages): Promise<string> {
    const execution = await getExecution(this.dataSource, id);
    const [task] = execution?.vendor_type === type ? await tasksOfExecution(this.dataSource, id) : [];
    if (!task) throw HarborError.notFound(messages.logNotFound(id));
    return (await readTaskLog(this.dataSource, task.id)) ?? '';
  }

  /** Stops a run; one already finished stays as it is (Harbor answers 200 either way). */
  async stop(type: JobType, id: number, messages: HistoryMessages): Promise<void> {
    await this.execution(type, id, messages);
    await this.producer.stop(this.dataSource, id);
  }

  /** The newest unfinished run of the type, if any. */
  async unfinished(type: JobType): Promise<number | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id FROM execution WHERE vendor_type = $1 AND status IN ('Pending', 'Running') ORDER BY id DESC LIMIT 1`,
      [type],
    )) as { id: number }[];
    return row?.id;
  }

  private async execution(type: JobType, id: number, messages: HistoryMessages): Promise<ExecutionRow> {
    const execution = await getExecution(this.dataSource, id);
    if (execution?.vendor_type !== type) throw HarborError.notFound(messages.executionNotFound(id));
    return execution;
  }
}
