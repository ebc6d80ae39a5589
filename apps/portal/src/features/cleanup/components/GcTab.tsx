import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Checkbox } from '../../../components/Checkbox';
import { QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatBytes } from '../../../lib/format';
import type { GcParameters, JobSchedule } from '../api';
import { parseRunParameters, type RunParameters } from '../job-parameters';
import { scheduleQuery } from '../queries';
import { JobActions } from './JobActions';
import { RunHistory } from './RunHistory';
import type { ScheduleValue } from '../../../lib/schedule';
import { scheduleValueOf } from '../schedule';

export const WORKER_CHOICES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** Hours during which a blob pushed or touched stays safe from GC, unless the admin says otherwise. */
const DEFAULT_TIME_WINDOW = 2;

interface GcForm {
  schedule: ScheduleValue;
  deleteUntagged: boolean;
  workers: number;
  /** As typed; must be a whole number of hours, 0 or more. */
  timeWindow: string;
}

function formFrom(schedule: JobSchedule | null): GcForm {
  const saved = parseRunParameters(schedule?.job_parameters);
  return {
    schedule: scheduleValueOf(schedule),
    deleteUntagged: saved.delete_untagged ?? false,
    workers: saved.workers ?? 1,
    timeWindow: String(saved.time_window ?? DEFAULT_TIME_WINDOW),
  };
}

const timeWindowValid = (text: string) => /^\d+$/.test(text.trim());

function GcSettings({ schedule }: { schedule: JobSchedule | null }) {
  const { t } = useI18n();
  const ids = { workers: useId(), window: useId() };
  const [form, setForm] = useState(() => formFrom(schedule));
  const windowOk = timeWindowValid(form.timeWindow);
  const parameters = (dryRun: boolean): GcParameters => ({
    delete_untagged: form.deleteUntagged,
    dry_run: dryRun,
    workers: form.workers,
    time_window: Number(form.timeWindow),
  });

  return (
    <JobActions
      job="gc"
      schedule={form.schedule}
      onScheduleChange={(value) => setForm({ ...form, schedule: value })}
      scheduleExists={schedule !== null}
      nextRun={schedule?.schedule?.next_scheduled_time}
      parametersValid={windowOk}
      parameters={parameters}
      labels={{ runNow: t('gc.run_now'), started: t('gc.started'), dryRunStarted: t('gc.dry_run_started') }}
    >
      <Checkbox
        label={t('gc.delete_untagged')}
        checked={form.deleteUntagged}
        onChange={(checked) => setForm({ ...form, deleteUntagged: checked })}
      />
      <div className="field__row">
        <div className="field">
          <label className="field__label" htmlFor={ids.workers}>
            {t('gc.workers')}
          </label>
          <select
            id={ids.workers}
            className="field__input"
            value={form.workers}
            onChange={(event) => setForm({ ...form, workers: Number(event.target.value) })}
          >
            {WORKER_CHOICES.map((count) => (
              <option key={count} value={count}>
                {count}
              </option>
            ))}
          </select>
          <span className="field__hint">{t('gc.workers_hint')}</span>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.window}>
            {t('gc.time_window')}
          </label>
          <input
            id={ids.window}
            className="field__input"
            inputMode="numeric"
            value={form.timeWindow}
            aria-invalid={windowOk ? undefined : true}
            onChange={(event) => setForm({ ...form, timeWindow: event.target.value })}
          />
          {windowOk ? (
            <span className="field__hint">{t('gc.time_window_hint')}</span>
          ) : (
            <span className="field__error">{t('gc.time_window_invalid')}</span>
          )}
        </div>
      </div>
    </JobActions>
  );
}

/** What a finished GC did, as Harbor's portal words it; a dry run says what it would have done. */
function gcDetails(t: ReturnType<typeof useI18n>['t'], run: RunParameters) {
  const values = {
    size: formatBytes(run.freed_space ?? 0),
    blobs: run.purged_blobs ?? 0,
    manifests: run.purged_manifests ?? 0,
  };
  return run.dry_run ? t('gc.details_dry_run', values) : t('gc.details', values);
}

/** Clean Up › Garbage Collection: schedule, parameters, "GC Now", dry run and the history. */
export default function GcTab() {
  const { t } = useI18n();
  const schedule = useQuery(scheduleQuery('gc'));
  return (
    <>
      <p className="page__subtitle">{t('gc.explain')}</p>
      {schedule.isPending ? (
        <TableSkeleton columns={2} rows={3} />
      ) : schedule.isError ? (
        <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : (
        <GcSettings schedule={schedule.data} />
      )}
      <RunHistory job="gc" title={t('gc.history')} details={(run) => gcDetails(t, run)} />
    </>
  );
}
