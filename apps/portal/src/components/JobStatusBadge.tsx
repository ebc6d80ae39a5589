import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/locales';

const CLASSES: Record<string, string> = {
  Success: 'badge badge--public',
  Error: 'badge badge--danger',
  Stopped: 'badge badge--private',
  Running: 'badge badge--admin',
};

const LABELS: Record<string, MessageKey> = {
  Pending: 'job.status_pending',
  Running: 'job.status_running',
  Stopped: 'job.status_stopped',
  Error: 'job.status_error',
  Success: 'job.status_success',
  Scheduled: 'job.status_scheduled',
};

/** A job's, execution's or task's status (Harbor's Pending/Running/Stopped/Error/Success), with its message as a tooltip. */
export function JobStatusBadge({ status, message }: { status: string; message?: string }) {
  const { t } = useI18n();
  const key = LABELS[status];
  return (
    <span className={CLASSES[status] ?? 'badge'} title={message || undefined}>
      {key ? t(key) : status}
    </span>
  );
}
