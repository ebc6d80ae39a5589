import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Checkbox } from '../../../components/Checkbox';
import { QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import type { JobSchedule, PurgeParameters } from '../api';
import { EVENT_TYPES, eventTypeKeys } from '../event-types';
import { parseRunParameters } from '../job-parameters';
import { scheduleQuery } from '../queries';
import { JobActions } from './JobActions';
import { RunHistory } from './RunHistory';
import type { ScheduleValue } from '../../../lib/schedule';
import { scheduleValueOf } from '../schedule';

type Unit = 'days' | 'hours';
/** Harbor's ceiling: 10000 days. */
const MAX_DAYS = 10000;

interface PurgeForm {
  schedule: ScheduleValue;
  retention: string;
  unit: Unit;
  eventTypes: string[];
}

function formFrom(schedule: JobSchedule | null): PurgeForm {
  const saved = parseRunParameters(schedule?.job_parameters);
  const hours = saved.audit_retention_hour;
  // Like Harbor's portal: a whole number of days (over one) is shown in days.
  const inDays = hours !== undefined && hours > 24 && hours % 24 === 0;
  return {
    schedule: scheduleValueOf(schedule),
    retention: hours === undefined ? '' : String(inDays ? hours / 24 : hours),
    unit: hours === undefined || inDays ? 'days' : 'hours',
    eventTypes:
      saved.include_event_types === undefined
        ? [...EVENT_TYPES]
        : saved.include_event_types.split(',').filter((name) => name.length > 0),
  };
}

/** The retention in hours, or null when it is not a whole number in Harbor's range. */
function retentionHours(form: PurgeForm): number | null {
  if (!/^\d+$/.test(form.retention.trim())) return null;
  const value = Number(form.retention);
  const max = form.unit === 'days' ? MAX_DAYS : MAX_DAYS * 24;
  if (value < 1 || value > max) return null;
  return form.unit === 'days' ? value * 24 : value;
}

function PurgeSettings({ schedule }: { schedule: JobSchedule | null }) {
  const { t } = useI18n();
  const ids = { retention: useId(), unit: useId() };
  const [form, setForm] = useState(() => formFrom(schedule));
  const hours = retentionHours(form);
  const typed = form.retention.trim() !== '';
  const toggle = (eventType: string, checked: boolean) =>
    setForm({
      ...form,
      eventTypes: checked ? [...form.eventTypes, eventType] : form.eventTypes.filter((e) => e !== eventType),
    });
  const parameters = (dryRun: boolean): PurgeParameters => ({
    audit_retention_hour: hours ?? 0,
    include_event_types: form.eventTypes.join(','),
    dry_run: dryRun,
  });

  return (
    <JobActions
      job="purgeaudit"
      schedule={form.schedule}
      onScheduleChange={(value) => setForm({ ...form, schedule: value })}
      scheduleExists={schedule !== null}
      nextRun={schedule?.schedule?.next_scheduled_time}
      parametersValid={hours !== null && form.eventTypes.length > 0}
      parameters={parameters}
      labels={{
        runNow: t('purge.run_now'),
        started: t('purge.started'),
        dryRunStarted: t('purge.dry_run_started'),
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={ids.retention}>
          {t('purge.keep')}
        </label>
        <div className="field__row">
          <input
            id={ids.retention}
            className="field__input"
            inputMode="numeric"
            value={form.retention}
            aria-invalid={typed && hours === null ? true : undefined}
            onChange={(event) => setForm({ ...form, retention: event.target.value })}
          />
          <select
            id={ids.unit}
            className="field__input"
            style={{ width: '8rem' }}
            aria-label={t('purge.unit')}
            value={form.unit}
            onChange={(event) => setForm({ ...form, unit: event.target.value as Unit })}
          >
            <option value="days">{t('purge.days')}</option>
            <option value="hours">{t('purge.hours')}</option>
          </select>
        </div>
        {typed && hours === null ? (
          <span className="field__error">{t('purge.keep_invalid')}</span>
        ) : (
          <span className="field__hint">{t('purge.keep_hint')}</span>
        )}
      </div>
      <fieldset className="check-grid">
        <legend>{t('purge.event_types')}</legend>
        {EVENT_TYPES.map((eventType) => {
          const keys = eventTypeKeys(eventType);
          const label = keys
            ? t('purge.event', { operation: t(keys.operation), resource: t(keys.resource) })
            : eventType;
          return (
            <Checkbox
              key={eventType}
              label={label}
              checked={form.eventTypes.includes(eventType)}
              onChange={(checked) => toggle(eventType, checked)}
            />
          );
        })}
      </fieldset>
      {form.eventTypes.length === 0 && <span className="field__error">{t('purge.event_types_empty')}</span>}
    </JobActions>
  );
}

/** Clean Up › Log Rotation: purge audit log records older than the retention, by event type. */
export default function PurgeTab() {
  const { t } = useI18n();
  const schedule = useQuery(scheduleQuery('purgeaudit'));
  return (
    <>
      <p className="page__subtitle">{t('purge.explain')}</p>
      {schedule.isPending ? (
        <TableSkeleton columns={2} rows={3} />
      ) : schedule.isError ? (
        <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : (
        <PurgeSettings schedule={schedule.data} />
      )}
      <RunHistory
        job="purgeaudit"
        title={t('purge.history')}
        details={(run) =>
          t(run.dry_run ? 'purge.details_dry_run' : 'purge.details', { rows: run.purged_rows ?? 0 })
        }
      />
    </>
  );
}
