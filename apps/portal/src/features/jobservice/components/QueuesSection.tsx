import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { useConfirm } from '../../../components/use-confirm';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { JobQueue } from '../api';
import { queueListQuery, useQueueAction } from '../queries';
import { formatSeconds } from '../format-seconds';

/** Pending jobs per job type: how many wait and for how long; stop (drop them), pause or resume. */
export function QueuesSection() {
  const { t } = useI18n();
  const queues = useQuery(queueListQuery());
  const act = useQueueAction();
  const stopping = useConfirm(act, (queue: JobQueue) => ({
    jobType: queue.job_type,
    action: 'stop' as const,
  }));

  const columns: Column<JobQueue>[] = [
    { key: 'type', header: t('jobservice.col_job_type'), cell: (queue) => queue.job_type },
    { key: 'count', header: t('jobservice.col_pending'), numeric: true, cell: (queue) => queue.count ?? 0 },
    {
      key: 'latency',
      header: t('jobservice.col_latency'),
      numeric: true,
      cell: (queue) => formatSeconds(queue.latency ?? 0, t),
    },
    {
      key: 'paused',
      header: t('jobservice.col_paused'),
      cell: (queue) =>
        queue.paused ? <span className="badge badge--private">{t('jobservice.paused')}</span> : t('app.no'),
    },
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (queue) => {
        const action = queue.paused ? 'resume' : 'pause';
        return (
          <>
            <button
              type="button"
              className="btn btn--link"
              disabled={act.isPending}
              aria-label={t(queue.paused ? 'jobservice.resume_queue' : 'jobservice.pause_queue', {
                type: queue.job_type,
              })}
              onClick={() => act.mutate({ jobType: queue.job_type, action })}
            >
              {t(queue.paused ? 'jobservice.resume' : 'jobservice.pause')}
            </button>
            <button
              type="button"
              className="btn btn--link danger"
              disabled={act.isPending || !queue.count}
              aria-label={t('jobservice.stop_queue', { type: queue.job_type })}
              onClick={() => stopping.ask(queue)}
            >
              {t('job.stop')}
            </button>
          </>
        );
      },
    },
  ];

  return (
    <section aria-label={t('jobservice.queues')}>
      <h2 className="section__title">{t('jobservice.queues')}</h2>
      {act.error && !stopping.dialog.open ? <Alert>{errorMessage(act.error, t)}</Alert> : null}
      <DataTable
        query={queues}
        columns={columns}
        rowKey={(queue) => queue.job_type}
        label={t('jobservice.queues')}
        empty={<EmptyState title={t('jobservice.queues_empty')} />}
      />
      <ConfirmDialog
        {...stopping.dialog}
        title={t('jobservice.stop_queue_title')}
        message={t('jobservice.stop_queue_message', { type: stopping.target?.job_type ?? '' })}
        confirmLabel={t('job.stop')}
      />
    </section>
  );
}
