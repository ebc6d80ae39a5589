import { useId } from 'react';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { formatDateTime } from '../../../lib/format';
import type { JobSchedule, ScheduleType } from '../api';
import { cronProblem, PRESET_CRONS, SCHEDULE_TYPES, scheduleTypeOf, type CronProblem } from '../cron';

export interface ScheduleValue {
  type: ScheduleType;
  /** Only used for Custom. */
  cron: string;
}

export const SCHEDULE_TYPE_KEYS: Record<ScheduleType, MessageKey> = {
  None: 'schedule.none',
  Hourly: 'schedule.hourly',
  Daily: 'schedule.daily',
  Weekly: 'schedule.weekly',
  Custom: 'schedule.custom',
};

const CRON_PROBLEM_KEYS: Record<CronProblem, MessageKey> = {
  fields: 'schedule.cron_fields',
  seconds: 'schedule.cron_seconds',
  value: 'schedule.cron_value',
};

export function scheduleValueOf(schedule: JobSchedule | null): ScheduleValue {
  const type = scheduleTypeOf(schedule?.schedule?.type, schedule?.schedule?.cron);
  return { type, cron: type === 'None' ? '' : (schedule?.schedule?.cron ?? '') };
}

/** The `schedule` part of the body Harbor expects: presets carry their own cron. */
export function scheduleObject(value: ScheduleValue): { type: ScheduleType; cron: string } {
  if (value.type === 'None' || value.type === 'Custom') {
    return { type: value.type, cron: value.type === 'None' ? '' : value.cron.trim() };
  }
  return { type: value.type, cron: PRESET_CRONS[value.type] };
}

export function scheduleValid(value: ScheduleValue): boolean {
  return value.type !== 'Custom' || cronProblem(value.cron) === null;
}

/** Schedule type and, for Custom, the 6-field cron (seconds first, UTC), with the next run. */
export function ScheduleFields({
  value,
  onChange,
  nextRun,
}: {
  value: ScheduleValue;
  onChange: (value: ScheduleValue) => void;
  nextRun?: string;
}) {
  const { t, locale } = useI18n();
  const ids = { type: useId(), cron: useId() };
  const problem = value.type === 'Custom' ? cronProblem(value.cron) : null;
  return (
    <div className="schedule-fields">
      <div className="field">
        <label className="field__label" htmlFor={ids.type}>
          {t('schedule.type')}
        </label>
        <select
          id={ids.type}
          className="field__input"
          value={value.type}
          onChange={(event) => onChange({ ...value, type: event.target.value as ScheduleType })}
        >
          {SCHEDULE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(SCHEDULE_TYPE_KEYS[type])}
            </option>
          ))}
        </select>
      </div>
      {value.type === 'Custom' ? (
        <div className="field">
          <label className="field__label" htmlFor={ids.cron}>
            {t('schedule.cron')}
          </label>
          <input
            id={ids.cron}
            className="field__input mono"
            value={value.cron}
            placeholder="0 0 3 * * *"
            aria-invalid={problem ? true : undefined}
            onChange={(event) => onChange({ ...value, cron: event.target.value })}
          />
          {problem ? (
            <span className="field__error">{t(CRON_PROBLEM_KEYS[problem])}</span>
          ) : (
            <span className="field__hint">{t('schedule.cron_hint')}</span>
          )}
        </div>
      ) : (
        value.type !== 'None' && (
          <p className="field__hint">
            {t('schedule.cron')}: <span className="mono">{PRESET_CRONS[value.type]}</span>
          </p>
        )
      )}
      {nextRun && (
        <p className="field__hint">{t('schedule.next_run', { time: formatDateTime(nextRun, locale) })}</p>
      )}
    </div>
  );
}
