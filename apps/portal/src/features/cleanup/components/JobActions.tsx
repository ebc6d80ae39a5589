import { useState, type ReactNode } from 'react';
import { Alert } from '../../../components/Alert';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { CleanupJob } from '../api';
import { useRunNow, useSaveSchedule } from '../queries';
import { ScheduleFields } from '../../../components/ScheduleFields';
import { scheduleValid, type ScheduleValue } from '../../../lib/schedule';
import { scheduleObject } from '../schedule';

interface JobActionsProps<P> {
  job: CleanupJob;
  schedule: ScheduleValue;
  onScheduleChange: (value: ScheduleValue) => void;
  scheduleExists: boolean;
  nextRun?: string;
  /** The job's own fields (children) are valid. */
  parametersValid: boolean;
  /** The parameters the schedule is saved with and a run starts with. */
  parameters: (dryRun: boolean) => P;
  labels: { runNow: string; started: string; dryRunStarted: string };
  children: ReactNode;
}

/**
 * A system job's settings card: its schedule, its own fields (children), and three actions: save the
 * schedule with those parameters, run now, and a dry run. Each says in place whether it worked.
 */
export function JobActions<P>({
  job,
  schedule,
  onScheduleChange,
  scheduleExists,
  nextRun,
  parametersValid,
  parameters,
  labels,
  children,
}: JobActionsProps<P>) {
  const { t } = useI18n();
  const save = useSaveSchedule<P>(job);
  const run = useRunNow<P>(job);
  const [message, setMessage] = useState<string | null>(null);
  const pending = save.isPending || run.isPending;
  const error = save.error ?? run.error;
  const reset = () => {
    setMessage(null);
    save.reset();
    run.reset();
  };
  const start = (dryRun: boolean) => {
    reset();
    run.mutate(parameters(dryRun), {
      onSuccess: () => setMessage(dryRun ? labels.dryRunStarted : labels.started),
    });
  };

  return (
    <form
      className="card config-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!scheduleValid(schedule) || !parametersValid) return;
        reset();
        const body = { schedule: scheduleObject(schedule), parameters: parameters(false) };
        save.mutate({ body, exists: scheduleExists }, { onSuccess: () => setMessage(t('schedule.saved')) });
      }}
    >
      <ScheduleFields
        value={schedule}
        nextRun={nextRun}
        onChange={(value) => {
          setMessage(null);
          onScheduleChange(value);
        }}
      />
      {children}
      {error ? <Alert>{errorMessage(error, t)}</Alert> : null}
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      <div className="toolbar">
        <button
          type="submit"
          className="btn btn--secondary"
          disabled={pending || !scheduleValid(schedule) || !parametersValid}
        >
          {t('schedule.save')}
        </button>
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--primary"
          disabled={pending || !parametersValid}
          onClick={() => start(false)}
        >
          {labels.runNow}
        </button>
        <button
          type="button"
          className="btn btn--secondary"
          disabled={pending || !parametersValid}
          onClick={() => start(true)}
        >
          {t('job.dry_run')}
        </button>
      </div>
    </form>
  );
}
