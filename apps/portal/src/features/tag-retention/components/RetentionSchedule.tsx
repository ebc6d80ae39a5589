import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ScheduleFields } from '../../../components/ScheduleFields';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { RetentionPolicy } from '../api';
import { useSaveRetentionPolicy } from '../queries';
import { cronOf, scheduleOf, scheduleValid, withSchedule, type ScheduleValue } from '../rules';

/**
 * The policy's schedule, as Harbor's cron selection: None, Hourly, Daily, Weekly or a Custom 6-field cron
 * (seconds first, UTC). Like Harbor, it needs a rule first; a schedule deletes artifacts unattended.
 */
export function RetentionSchedule({ policy, policyId }: { policy: RetentionPolicy; policyId: number }) {
  const { t } = useI18n();
  const titleId = useId();
  const saved = policy.trigger.settings.cron ?? '';
  const [value, setValue] = useState<ScheduleValue>(() => scheduleOf(saved));
  const save = useSaveRetentionPolicy(policyId);
  const hasRules = policy.rules.length > 0;
  const change = (next: ScheduleValue) => {
    setValue(next);
    save.reset();
  };

  return (
    <section className="retention-section" aria-labelledby={titleId}>
      <h3 id={titleId} className="retention-section__title">
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
        <ScheduleFields
          value={value}
          onChange={change}
          disabled={!hasRules}
          nextRun={saved ? policy.trigger.settings.next_scheduled_time : undefined}
        />
        {!hasRules && <p className="field__hint">{t('retention.schedule_needs_rule')}</p>}
        {hasRules && value.type !== 'None' && (
          <p className="field__hint">{t('retention.schedule_warning')}</p>
        )}
        <div>
          <button
            type="submit"
            className="btn btn--secondary"
            disabled={!hasRules || save.isPending || !scheduleValid(value) || cronOf(value) === saved}
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
