import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { JobStatusBadge } from '../../../components/JobStatusBadge';
import { EmptyState } from '../../../components/States';
import { useConfirm } from '../../../components/use-confirm';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { formatDateTime } from '../../../lib/format';
import { runLogUrl, type CleanupJob, type JobRun } from '../api';
import { UNFINISHED_STATUSES } from '../../../components/job-status';
import { parseRunParameters, type RunParameters } from '../job-parameters';
import { runListQuery, useStopRun } from '../queries';

const PAGE_SIZE = 10;

/** Harbor shows the trigger in the run's `schedule.type` (Manual, Schedule), title-cased from job_kind. */
const TRIGGER_KEYS: Record<string, MessageKey> = {
  manual: 'job.trigger_manual',
  schedule: 'job.trigger_schedule',
  event: 'job.trigger_event',
};

/** A run's counts are shown once it has finished: a successful one, or a failed one that got as far as counting. */
function reported(run: JobRun, parameters: RunParameters): boolean {
  if (UNFINISHED_STATUSES.has(run.job_status)) return false;
  if (run.job_status === 'Success') return true;
  const counts = [
    parameters.freed_space,
    parameters.purged_blobs,
    parameters.purged_manifests,
    parameters.purged_rows,
  ];
  return counts.some((count) => count !== undefined);
}

/**
 * The runs of a system job, newest first: trigger, dry run, status, what the run did (`details`, once
 * finished), times, its log and Stop. While a run shown is unfinished, the list re-reads itself.
 */
export function RunHistory({
  job,
  title,
  details,
}: {
  job: CleanupJob;
  title: string;
  details: (parameters: RunParameters) => ReactNode;
}) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const runs = useQuery(runListQuery(job, { page, pageSize: PAGE_SIZE }));
  const stop = useStopRun(job);
  const stopping = useConfirm(stop, (run: JobRun) => run.id);

  const columns: Column<JobRun>[] = [
    { key: 'id', header: t('job.col_id'), cell: (run) => run.id },
    {
      key: 'trigger',
      header: t('job.col_trigger'),
      cell: (run) => {
        const kind = run.schedule?.type || run.job_kind || '';
        const key = TRIGGER_KEYS[kind.toLowerCase()];
        return key ? t(key) : kind;
      },
    },
    {
      key: 'dry_run',
      header: t('job.col_dry_run'),
      cell: (run) => (parseRunParameters(run.job_parameters).dry_run ? t('app.yes') : t('app.no')),
    },
    { key: 'status', header: t('job.col_status'), cell: (run) => <JobStatusBadge status={run.job_status} /> },
    {
      key: 'details',
      header: t('job.col_details'),
      cell: (run) => {
        const parameters = parseRunParameters(run.job_parameters);
        return reported(run, parameters) ? details(parameters) : '';
      },
    },
    {
      key: 'created',
      header: t('job.col_created'),
      cell: (run) => formatDateTime(run.creation_time, locale),
    },
    { key: 'updated', header: t('job.col_updated'), cell: (run) => formatDateTime(run.update_time, locale) },
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (run) => (
        <>
          <a
            className="btn btn--link"
            href={runLogUrl(job, run.id)}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('job.log_of', { id: run.id })}
          >
            {t('job.log')}
          </a>
          {UNFINISHED_STATUSES.has(run.job_status) && (
            <button
              type="button"
              className="btn btn--link danger"
              aria-label={t('job.stop_run', { id: run.id })}
              onClick={() => stopping.ask(run)}
            >
              {t('job.stop')}
            </button>
          )}
        </>
      ),
    },
  ];

  return (
    <section aria-label={title}>
      <div className="toolbar">
        <h2 className="section__title">{title}</h2>
        <span className="toolbar__spacer" />
        <button type="button" className="btn btn--secondary btn--small" onClick={() => void runs.refetch()}>
          {t('job.refresh')}
        </button>
      </div>
      <DataTable
        query={runs}
        columns={columns}
        rowKey={(run) => run.id}
        label={title}
        empty={<EmptyState title={t('job.history_empty')} />}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
      <ConfirmDialog
        {...stopping.dialog}
        title={t('job.stop_title')}
        message={t('job.stop_message', { id: stopping.target?.id ?? '' })}
        confirmLabel={t('job.stop')}
      />
    </section>
  );
}
