import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { useConfirm } from '../../../components/use-confirm';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { jobLogUrl, type Worker, type WorkerPool } from '../api';
import { poolListQuery, useStopJob, workerListQuery } from '../queries';

const ALL_POOLS = 'all';

/** The jobservice processes (worker pools) and their workers, with the job each one runs. */
export function WorkersSection() {
  const { t, locale } = useI18n();
  const poolSelectId = useId();
  const [poolId, setPoolId] = useState(ALL_POOLS);
  const pools = useQuery(poolListQuery());
  const workers = useQuery(workerListQuery(poolId));
  const stop = useStopJob();
  const stopping = useConfirm(stop, (worker: Worker) => worker.job_id ?? '');

  const poolColumns: Column<WorkerPool>[] = [
    {
      key: 'id',
      header: t('jobservice.col_pool'),
      cell: (pool) => <span className="mono">{pool.worker_pool_id}</span>,
    },
    { key: 'pid', header: t('jobservice.col_pid'), numeric: true, cell: (pool) => pool.pid },
    { key: 'host', header: t('jobservice.col_host'), cell: (pool) => pool.host },
    {
      key: 'concurrency',
      header: t('jobservice.col_concurrency'),
      numeric: true,
      cell: (pool) => pool.concurrency,
    },
    {
      key: 'start',
      header: t('jobservice.col_started'),
      cell: (pool) => formatDateTime(pool.start_at, locale),
    },
    {
      key: 'heartbeat',
      header: t('jobservice.col_heartbeat'),
      cell: (pool) => formatDateTime(pool.heartbeat_at, locale),
    },
  ];
  const workerColumns: Column<Worker>[] = [
    {
      key: 'id',
      header: t('jobservice.col_worker'),
      cell: (worker) => <span className="mono">{worker.id}</span>,
    },
    {
      key: 'job',
      header: t('jobservice.col_job_name'),
      cell: (worker) => worker.job_name || t('jobservice.idle'),
    },
    {
      key: 'job_id',
      header: t('jobservice.col_job_id'),
      cell: (worker) => <span className="mono">{worker.job_id}</span>,
    },
    {
      key: 'start',
      header: t('jobservice.col_started'),
      cell: (worker) => formatDateTime(worker.start_at, locale),
    },
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (worker) =>
        worker.job_id ? (
          <>
            <a
              className="btn btn--link"
              href={jobLogUrl(worker.job_id)}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t('jobservice.job_log', { id: worker.job_id })}
            >
              {t('job.log')}
            </a>
            <button
              type="button"
              className="btn btn--link danger"
              aria-label={t('jobservice.stop_job', { id: worker.job_id })}
              onClick={() => stopping.ask(worker)}
            >
              {t('job.stop')}
            </button>
          </>
        ) : null,
    },
  ];

  return (
    <section aria-label={t('jobservice.workers')}>
      <h2 className="section__title">{t('jobservice.pools')}</h2>
      <DataTable
        query={pools}
        columns={poolColumns}
        rowKey={(pool) => pool.worker_pool_id}
        label={t('jobservice.pools')}
        empty={<EmptyState title={t('jobservice.pools_empty')} />}
      />
      <div className="toolbar jobservice__workers-bar">
        <h2 className="section__title">{t('jobservice.workers')}</h2>
        <span className="toolbar__spacer" />
        <label className="field__label" htmlFor={poolSelectId}>
          {t('jobservice.col_pool')}
        </label>
        <select
          id={poolSelectId}
          className="field__input field__input--compact"
          value={poolId}
          onChange={(event) => setPoolId(event.target.value)}
        >
          <option value={ALL_POOLS}>{t('jobservice.all_pools')}</option>
          {pools.data?.items.map((pool) => (
            <option key={pool.worker_pool_id} value={pool.worker_pool_id}>
              {pool.worker_pool_id}
            </option>
          ))}
        </select>
      </div>
      <DataTable
        query={workers}
        columns={workerColumns}
        rowKey={(worker) => worker.id}
        label={t('jobservice.workers')}
        empty={<EmptyState title={t('jobservice.workers_empty')} />}
      />
      <ConfirmDialog
        {...stopping.dialog}
        title={t('jobservice.stop_job_title')}
        message={t('jobservice.stop_job_message', {
          name: stopping.target?.job_name ?? '',
          id: stopping.target?.job_id ?? '',
        })}
        confirmLabel={t('job.stop')}
      />
    </section>
  );
}
