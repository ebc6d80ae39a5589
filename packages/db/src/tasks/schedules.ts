import { rowsOf, type Queryable } from './task-status.js';

/** Harbor's schedule types; `Custom` carries its own cron, the others map to a fixed one. */
export type CronType = 'Hourly' | 'Daily' | 'Weekly' | 'Custom';

export interface ScheduleRow {
  id: number;
  vendor_type: string;
  vendor_id: number;
  cron: string;
  cron_type: CronType;
  callback_func_name: string;
  /** JSON of the parameters each run gets. */
  callback_func_param: string;
  extra_attrs: Record<string, unknown>;
  creation_time: Date;
  update_time: Date;
  revision: number;
}

export interface ScheduleInput {
  vendorType: string;
  vendorId?: number;
  cron: string;
  cronType: CronType;
  callback: string;
  params: Record<string, unknown>;
}

/** One schedule per vendor (GC, audit purge, a replication policy...): created or replaced. */
export async function upsertSchedule(db: Queryable, input: ScheduleInput): Promise<ScheduleRow> {
  const [row] = rowsOf<ScheduleRow>(
    await db.query(
      `INSERT INTO schedule (vendor_type, vendor_id, cron, cron_type, callback_func_name, callback_func_param)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (vendor_type, vendor_id) DO UPDATE SET cron = EXCLUDED.cron, cron_type = EXCLUDED.cron_type,
         callback_func_name = EXCLUDED.callback_func_name, callback_func_param = EXCLUDED.callback_func_param,
         update_time = now(), revision = schedule.revision + 1
       RETURNING *`,
      [
        input.vendorType,
        input.vendorId ?? -1,
        input.cron,
        input.cronType,
        input.callback,
        JSON.stringify(input.params),
      ],
    ),
  );
  return row!;
}

export async function deleteSchedule(db: Queryable, vendorType: string, vendorId = -1): Promise<void> {
  await db.query('DELETE FROM schedule WHERE vendor_type = $1 AND vendor_id = $2', [vendorType, vendorId]);
}

export async function getSchedule(
  db: Queryable,
  vendorType: string,
  vendorId = -1,
): Promise<ScheduleRow | undefined> {
  const [row] = rowsOf<ScheduleRow>(
    await db.query('SELECT * FROM schedule WHERE vendor_type = $1 AND vendor_id = $2', [
      vendorType,
      vendorId,
    ]),
  );
  return row;
}

export async function getScheduleById(db: Queryable, id: number): Promise<ScheduleRow | undefined> {
  const [row] = rowsOf<ScheduleRow>(await db.query('SELECT * FROM schedule WHERE id = $1', [id]));
  return row;
}

export async function listSchedules(db: Queryable): Promise<ScheduleRow[]> {
  return rowsOf<ScheduleRow>(await db.query('SELECT * FROM schedule ORDER BY id'));
}
