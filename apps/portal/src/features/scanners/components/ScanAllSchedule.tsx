import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ScheduleFields } from '../../../components/ScheduleFields';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { cronOf, scheduleTypeOf, scheduleValid, type ScheduleValue } from '../../../lib/schedule';
import type { ScanAllSchedule as SavedSchedule } from '../api';
import { useScannerChanges } from '../queries';

/** The form's value for the saved schedule (Harbor's Manual and None both read as None). */
function scheduleValueOf(saved: SavedSchedule | null): ScheduleValue {
  const type = scheduleTypeOf(saved?.schedule?.type, saved?.schedule?.cron);
  return { type, cron: type === 'None' ? '' : (saved?.schedule?.cron ?? '') };
}

/** Scan all's schedule, as Clean Up edits GC's: None, Hourly, Daily, Weekly or a custom cron. */
export function ScanAllSchedule({ saved }: { saved: SavedSchedule | null }) {
  const { t } = useI18n();
  const { saveSchedule } = useScannerChanges();
  const [schedule, setSchedule] = useState(() => scheduleValueOf(saved));
  const [message, setMessage] = useState<string | null>(null);
  // A Manual "schedule" is a run, not a schedule: it is replaced with POST as when there is none.
  const exists = saved !== null && saved.schedule?.type !== 'Manual';
  const unchangedNone = !exists && schedule.type === 'None';
  return (
    <form
      className="card config-form"
      aria-label={t('scanners.scan_all_schedule')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!scheduleValid(schedule) || unchangedNone) return;
        setMessage(null);
        saveSchedule.mutate(
          { schedule: { type: schedule.type, cron: cronOf(schedule) }, exists },
          { onSuccess: () => setMessage(t('schedule.saved')) },
        );
      }}
    >
      <ScheduleFields
        value={schedule}
        nextRun={exists ? saved?.schedule?.next_scheduled_time : undefined}
        disabled={saveSchedule.isPending}
        onChange={(value) => {
          setMessage(null);
          saveSchedule.reset();
          setSchedule(value);
        }}
      />
      {saveSchedule.isError && <Alert>{errorMessage(saveSchedule.error, t)}</Alert>}
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      <div className="toolbar">
        <button
          type="submit"
          className="btn btn--secondary"
          disabled={saveSchedule.isPending || !scheduleValid(schedule) || unchangedNone}
        >
          {t('schedule.save')}
        </button>
      </div>
    </form>
  );
}
