import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { formatDateTime } from '../../../lib/format';
import type { ScheduleType } from '../../cleanup/api';
import { cronProblem, PRESET_CRONS, SCHEDULE_TYPES, type CronProblem } from '../../cleanup/cron';
import type { RetentionPolicy } from '../api';
import { useSaveRetentionPolicy } from '../queries';
import { cronOf, scheduleOf, scheduleValid, withSchedule, type ScheduleValue } from '../rules';

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
 * The policy's schedule, as Harbor's cron selection: None, Hourly, Daily, Weekly or a Custom 6-field cron
 * (seconds first, UTC). Like Harbor, it needs a rule first; a schedule deletes artifacts unattended.
 */
export function RetentionSchedule({ policy, policyId }: { policy: RetentionPolicy; policyId: number }) {
  const { t, locale } = useI18n();
  const ids = { type: useId(), cron: useId() };
  const saved = policy.trigger.settings.cron ?? '';
  const [value, setValue] = useState<ScheduleValue>(() => scheduleOf(saved));
  const save = useSaveRetentionPolicy(policyId);
  const hasRules = policy.rules.length > 0;
  const problem = value.type === 'Custom' ? cronProblem(value.cron) : null;
  const change = (next: ScheduleValue) => {
    setValue(next);
    save.reset();
  };
  const nextRun = policy.trigger.settings.next_scheduled_time;

  return (
    <section className="retention-section" aria-labelledby={`${ids.type}-title`}>
      <h3 id={`${ids.type}-title`} className="retention-section__title">
        {t('retention.schedule')}
      </h3>
      <form
        className="retention-schedule"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (scheduleValid(value)) save.mutate(withSchedule(policy, value));
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={ids.type}>
            {t('schedule.type')}
          </label>
          <select
            id={ids.type}
            className="field__input"
            value={value.type}
            disabled={!hasRules}
            onChange={(event) => change({ ...value, type: event.target.value as ScheduleType })}
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
              onChange={(event) => change({ ...value, cron: event.target.value })}
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
        {!hasRules && <p className="field__hint">{t('retention.schedule_needs_rule')}</p>}
        {hasRules && value.type !== 'None' && (
          <p className="field__hint">{t('retention.schedule_warning')}</p>
        )}
        {nextRun && saved && (
          <p className="field__hint">{t('schedule.next_run', { time: formatDateTime(nextRun, locale) })}</p>
        )}
        <div>
          <button
            type="submit"
            className="btn btn--secondary"
            disabled={!hasRules || save.isPending || problem !== null || cronOf(value) === saved}
          >
            {save.isPending ? t('app.working') : t('schedule.save')}
          </button>
          {save.isSuccess && (
            <span className="field__hint" role="status">
              {' '}
              {t('schedule.saved')}
            </span>
          )}
        </div>
        {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
      </form>
    </section>
  );
}
