import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import type { Column } from '../../../components/DataTable';
import { Dialog } from '../../../components/Dialog';
import { ExecutionTable } from '../../../components/ExecutionTable';
import { UNFINISHED_STATUSES } from '../../../components/job-status';
import { JobStatusBadge } from '../../../components/JobStatusBadge';
import { EmptyState } from '../../../components/States';
import { TaskLogLink, TaskTable } from '../../../components/TaskTable';
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
import { durationOf } from '../rules';

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
  const running = UNFINISHED_STATUSES.has(execution.status);
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
        <TaskLogLink
          href={retentionTaskLogUrl(policyId, execution.id, task.id)}
          label={t('retention.log_of', { repository: task.repository ?? String(task.id) })}
        />
      ),
    },
  ];
  return (
    <TaskTable
      query={(params) => retentionTasksQuery(policyId, execution.id, params, running)}
      columns={columns}
      title={t('retention.tasks_of', { id: execution.id })}
      className="retention-tasks"
      empty={<EmptyState title={t('retention.tasks_empty')} />}
      executionStatus={execution.status}
    />
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
  const [confirmRun, setConfirmRun] = useState(false);
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
  ];

  const failed = run.error ?? dryRun.error;
  return (
    <>
      <ExecutionTable
        query={(params) => retentionExecutionsQuery(policyId, params)}
        columns={columns}
        label={t('retention.runs')}
        empty={<EmptyState title={t('retention.runs_empty')} />}
        detailsText={t('retention.details')}
        detailsLabel={(execution) => t('retention.tasks_of', { id: execution.id })}
        actions={(execution) =>
          UNFINISHED_STATUSES.has(execution.status) && (
            <button
              type="button"
              className="btn btn--link danger"
              aria-label={t('job.stop_run', { id: execution.id })}
              onClick={() => stopping.ask(execution)}
            >
              {t('job.stop')}
            </button>
          )
        }
        toolbar={
          <>
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
          </>
        }
        notice={failed && !confirmRun ? <Alert>{errorMessage(failed, t)}</Alert> : null}
        tasks={(execution) => <RetentionTasks policyId={policyId} execution={execution} />}
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
