import { useId } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/locales';
import { formatDateTime } from '../lib/format';
import {
  cronProblem,
  PRESET_CRONS,
  SCHEDULE_TYPES,
  type CronProblem,
  type ScheduleType,
  type ScheduleValue,
} from '../lib/schedule';
import './ScheduleFields.css';

const SCHEDULE_TYPE_KEYS: Record<ScheduleType, MessageKey> = {
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

/**
 * Harbor's cron selection: None, Hourly, Daily, Weekly (their crons shown) or a Custom 6-field cron
 * (seconds first, UTC) checked as it is typed; then the next run when one is scheduled.
 */
export function ScheduleFields({
  value,
  onChange,
  nextRun,
  disabled,
}: {
  value: ScheduleValue;
  onChange: (value: ScheduleValue) => void;
  nextRun?: string;
  disabled?: boolean;
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
          disabled={disabled}
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
            disabled={disabled}
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
