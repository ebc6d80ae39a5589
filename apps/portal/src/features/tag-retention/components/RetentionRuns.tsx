import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { Dialog } from '../../../components/Dialog';
import { JobStatusBadge } from '../../../components/JobStatusBadge';
import { EmptyState } from '../../../components/States';
import { useConfirm } from '../../../components/use-confirm';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { formatDateTime } from '../../../lib/format';
import { retentionTaskLogUrl, type RetentionExecution, type RetentionTask } from '../api';
import {
  retentionExecutionsQuery,
  retentionTasksQuery,
  useRunRetention,
  useStopRetentionExecution,
} from '../queries';
import { durationOf, UNFINISHED_STATUSES } from '../rules';

const PAGE_SIZE = 10;

const TRIGGER_KEYS: Record<string, MessageKey> = {
  MANUAL: 'job.trigger_manual',
  SCHEDULE: 'job.trigger_schedule',
  EVENT: 'job.trigger_event',
};

function Duration({ start, end }: { start?: string; end?: string }) {
  const { t } = useI18n();
  const duration = durationOf(start, end);
  if (!duration) return <>—</>;
  return (
    <>
      {duration.minutes > 0
        ? t('retention.duration', duration)
        : t('retention.duration_seconds', { seconds: duration.seconds })}
    </>
  );
}

/** A run's tasks: one per repository, with retained/total and its log. Re-read while the run goes on. */
function RetentionTasks({ policyId, execution }: { policyId: number; execution: RetentionExecution }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const running = UNFINISHED_STATUSES.has(execution.status);
  const tasks = useQuery(retentionTasksQuery(policyId, execution.id, { page, pageSize: PAGE_SIZE }, running));
  // The run's last poll may come before its tasks' final counts: read them once more when it ends.
  const status = useRef(execution.status);
  const { refetch } = tasks;
  useEffect(() => {
    if (status.current === execution.status) return;
    status.current = execution.status;
    void refetch();
  }, [execution.status, refetch]);
  const title = t('retention.tasks_of', { id: execution.id });
  const columns: Column<RetentionTask>[] = [
    { key: 'repository', header: t('retention.col_repository'), cell: (task) => task.repository ?? '' },
    { key: 'status', header: t('job.col_status'), cell: (task) => <JobStatusBadge status={task.status} /> },
    {
      key: 'retained',
      header: t('retention.col_retained'),
      numeric: true,
      cell: (task) => `${task.retained ?? 0}/${task.total ?? 0}`,
    },
    {
      key: 'start',
      header: t('retention.col_start'),
      cell: (task) => formatDateTime(task.start_time, locale),
    },
    {
      key: 'duration',
      header: t('retention.col_duration'),
      cell: (task) => <Duration start={task.start_time} end={task.end_time} />,
    },
    {
      key: 'log',
      header: t('job.log'),
      actions: true,
      cell: (task) => (
        <a
          className="btn btn--link"
          href={retentionTaskLogUrl(policyId, execution.id, task.id)}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={t('retention.log_of', { repository: task.repository ?? String(task.id) })}
        >
          {t('job.log')}
        </a>
      ),
    },
  ];
  return (
    <section className="retention-tasks" aria-label={title}>
      <DataTable
        query={tasks}
        columns={columns}
        rowKey={(task) => task.id}
        label={title}
        empty={<EmptyState title={t('retention.tasks_empty')} />}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </section>
  );
}

/**
 * Retention runs: RUN NOW (confirmed, it deletes) and DRY RUN, then the runs newest first with their
 * status, dry run, trigger, start and duration; Details opens a run's repositories. Unfinished runs are
 * re-read every 5 s; a running one can be stopped.
 */
export function RetentionRuns({ policyId, hasRules }: { policyId: number | undefined; hasRules: boolean }) {
  const { t } = useI18n();
  return (
    <section className="retention-section" aria-labelledby="retention-runs-title">
      <h3 id="retention-runs-title" className="retention-section__title">
        {t('retention.runs')}
      </h3>
      {policyId === undefined ? (
        <>
          <div className="toolbar">
            <button type="button" className="btn btn--secondary" disabled>
              {t('retention.run_now')}
            </button>
            <button type="button" className="btn btn--secondary" disabled>
              {t('retention.dry_run')}
            </button>
          </div>
          <EmptyState title={t('retention.runs_empty')} />
        </>
      ) : (
        <PolicyRuns policyId={policyId} hasRules={hasRules} />
      )}
    </section>
  );
}

function PolicyRuns({ policyId, hasRules }: { policyId: number; hasRules: boolean }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [confirmRun, setConfirmRun] = useState(false);
  const executions = useQuery(retentionExecutionsQuery(policyId, { page, pageSize: PAGE_SIZE }));
  const run = useRunRetention(policyId);
  const dryRun = useRunRetention(policyId);
  const stop = useStopRetentionExecution(policyId);
  const stopping = useConfirm(stop, (execution: RetentionExecution) => execution.id);

  const columns: Column<RetentionExecution>[] = [
    { key: 'id', header: t('job.col_id'), cell: (execution) => execution.id },
    {
      key: 'status',
      header: t('job.col_status'),
      cell: (execution) => <JobStatusBadge status={execution.status} />,
    },
    {
      key: 'dry_run',
      header: t('job.col_dry_run'),
      cell: (execution) => (execution.dry_run ? t('app.yes') : t('app.no')),
    },
    {
      key: 'trigger',
      header: t('retention.col_trigger'),
      cell: (execution) => {
        const key = TRIGGER_KEYS[(execution.trigger ?? '').toUpperCase()];
        return key ? t(key) : (execution.trigger ?? '');
      },
    },
    {
      key: 'start',
      header: t('retention.col_start'),
      cell: (execution) => formatDateTime(execution.start_time, locale),
    },
    {
      key: 'duration',
      header: t('retention.col_duration'),
      cell: (execution) => <Duration start={execution.start_time} end={execution.end_time} />,
    },
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (execution) => (
        <>
          <button
            type="button"
            className="btn btn--link"
            aria-expanded={execution.id === openId}
            aria-label={t('retention.tasks_of', { id: execution.id })}
            onClick={() => setOpenId(execution.id === openId ? null : execution.id)}
          >
            {t('retention.details')}
          </button>
          {UNFINISHED_STATUSES.has(execution.status) && (
            <button
              type="button"
              className="btn btn--link danger"
              aria-label={t('job.stop_run', { id: execution.id })}
              onClick={() => stopping.ask(execution)}
            >
              {t('job.stop')}
            </button>
          )}
        </>
      ),
    },
  ];

  const failed = run.error ?? dryRun.error;
  return (
    <>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn--secondary"
          disabled={!hasRules || run.isPending}
          onClick={() => {
            run.reset();
            setConfirmRun(true);
          }}
        >
          {t('retention.run_now')}
        </button>
        <button
          type="button"
          className="btn btn--secondary"
          disabled={!hasRules || dryRun.isPending}
          onClick={() => dryRun.mutate(true)}
        >
          {t('retention.dry_run')}
        </button>
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => void executions.refetch()}
        >
          {t('job.refresh')}
        </button>
      </div>
      {failed && !confirmRun ? <Alert>{errorMessage(failed, t)}</Alert> : null}
      <DataTable
        query={executions}
        columns={columns}
        rowKey={(execution) => execution.id}
        label={t('retention.runs')}
        empty={<EmptyState title={t('retention.runs_empty')} />}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
        subRow={(execution) =>
          execution.id === openId ? <RetentionTasks policyId={policyId} execution={execution} /> : null
        }
      />
      <Dialog
        open={confirmRun}
        title={t('retention.run_title')}
        onClose={() => setConfirmRun(false)}
        submitLabel={t('retention.run_submit')}
        submitting={run.isPending}
        danger
        onSubmit={() => run.mutate(false, { onSuccess: () => setConfirmRun(false) })}
      >
        <p>{t('retention.run_explain')}</p>
        {run.isError ? <Alert>{errorMessage(run.error, t)}</Alert> : null}
      </Dialog>
      <ConfirmDialog
        {...stopping.dialog}
        title={t('job.stop_title')}
        message={t('job.stop_message', { id: stopping.target?.id ?? '' })}
        confirmLabel={t('job.stop')}
      />
    </>
  );
}
