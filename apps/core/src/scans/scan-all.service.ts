import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { getSchedule, Trigger } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { JobProducer, nextFire } from '@harbor-ts/jobs';
import { JobScheduleService } from '../executions/job-schedule.service.js';
import type { ScheduleRequest } from '../executions/schedule-request.js';
import { SCAN_ALL_POLICY } from './scan-all.policy.js';

const STATUSES = ['Pending', 'Running', 'Success', 'Error', 'Stopped'] as const;
const FINISHED = ['Success', 'Error', 'Stopped'];

/** Harbor's `Stats` of a scan-all run: the scans it started, by status. */
export interface ScanAllStats {
  total?: number;
  completed?: number;
  metrics?: Record<string, number>;
  ongoing?: boolean;
  trigger?: string;
}

/** Scan all: run now, the schedule, stop, and the metrics of the newest run (Harbor's `/system/scanAll`). */
@Injectable()
export class ScanAllService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    private readonly schedules: JobScheduleService,
  ) {}

  /** Harbor scans nothing without a default scanner, and says so before anything else. */
  async requireDefaultScanner(): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM scanner_registration WHERE is_default LIMIT 1',
    );
    if (rows.length === 0)
      throw HarborError.precondition("no scanner is configured, it's not possible to scan");
  }

  async schedule() {
    const schedule = await getSchedule(this.dataSource, 'SCAN_ALL');
    if (!schedule) return undefined;
    return {
      id: schedule.id,
      status: '',
      creation_time: schedule.creation_time,
      update_time: schedule.update_time,
      schedule: {
        type: schedule.cron_type,
        cron: schedule.cron,
        next_scheduled_time: nextFire(schedule.cron, new Date()).toISOString(),
      },
      parameters: schedule.extra_attrs,
    };
  }

  /** POST: `Manual` runs now (409 while a manual run is unfinished); a schedule may be made only once. */
  async create(request: ScheduleRequest): Promise<void> {
    if (request.type === 'None') return;
    if (request.type === 'Manual') {
      const latest = await this.latest(Trigger.Manual);
      if (latest && !FINISHED.includes(latest.status))
        throw HarborError.conflict(`a previous scan all job aleady exits, its status is ${latest.status}`);
    } else if (await getSchedule(this.dataSource, 'SCAN_ALL')) {
      throw HarborError.precondition(
        'fail to set schedule for scan all as always had one, please delete it firstly then to re-schedule',
      );
    }
    await this.schedules.apply(SCAN_ALL_POLICY, request);
  }

  /** PUT: changes or (with `None`) removes the schedule; `Manual` is not a schedule. */
  async update(request: ScheduleRequest): Promise<void> {
    if (request.type === 'Manual')
      throw HarborError.badRequest(
        `fail to update scan all schedule as wrong schedule type: ${request.type}`,
      );
    await this.schedules.apply(SCAN_ALL_POLICY, request);
  }

  /** Stops the newest run and every scan it started that has not finished. */
  async stop(): Promise<void> {
    const latest = await this.latest();
    if (!latest) throw HarborError.badRequest('no scan all job is found currently');
    await this.producer.stop(this.dataSource, latest.id);
    const scans = (await this.dataSource.query(
      `SELECT e.id FROM execution e WHERE e.vendor_type = 'IMAGE_SCAN' AND e.extra_attrs ? 'scan_all_id'
          AND (e.extra_attrs->>'scan_all_id')::int = $1 AND e.status IN ('Pending', 'Running')`,
      [latest.id],
    )) as { id: number }[];
    for (const scan of scans) await this.producer.stop(this.dataSource, scan.id);
  }

  /** The newest run's numbers (of the given trigger); `{}` before any run. */
  async metrics(trigger?: Trigger): Promise<ScanAllStats> {
    const latest = await this.latest(trigger);
    if (!latest) return {};
    const rows = (await this.dataSource.query(
      `SELECT t.status, count(*)::int AS n FROM execution e JOIN task t ON t.execution_id = e.id
        WHERE e.vendor_type = 'IMAGE_SCAN' AND e.extra_attrs ? 'scan_all_id'
          AND (e.extra_attrs->>'scan_all_id')::int = $1 GROUP BY t.status`,
      [latest.id],
    )) as { status: string; n: number }[];
    const metrics = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<string, number>;
    for (const row of rows) metrics[row.status] = row.n;
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    const completed = FINISHED.reduce((sum, status) => sum + (metrics[status] ?? 0), 0);
    return {
      total,
      completed,
      metrics,
      ongoing: !FINISHED.includes(latest.status) || total !== completed,
      trigger: latest.trigger.charAt(0) + latest.trigger.slice(1).toLowerCase(),
    };
  }

  private async latest(
    trigger?: Trigger,
  ): Promise<{ id: number; status: string; trigger: string } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, status, trigger FROM execution WHERE vendor_type = 'SCAN_ALL'
          AND ($1::text IS NULL OR trigger = $1) ORDER BY start_time DESC, id DESC LIMIT 1`,
      [trigger ?? null],
    )) as { id: number; status: string; trigger: string }[];
    return row;
  }
}
