import { getSchedule, upsertSchedule, type Queryable } from '@harbor-ts/db';
import { CRON_OF_TYPE } from '@harbor-ts/jobs';

/** Schedules harbor-ts always has, as Harbor registers them: the hourly execution sweep. */
export async function ensureSystemSchedules(db: Queryable): Promise<void> {
  if (await getSchedule(db, 'EXECUTION_SWEEP')) return;
  await upsertSchedule(db, {
    vendorType: 'EXECUTION_SWEEP',
    cron: CRON_OF_TYPE.Hourly,
    cronType: 'Hourly',
    callback: 'EXECUTION_SWEEP',
    params: {},
  });
}
