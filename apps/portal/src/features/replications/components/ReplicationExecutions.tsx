import { ConfirmDialog } from '../../../components/ConfirmDialog';
import type { Column } from '../../../components/DataTable';
import { ExecutionTable } from '../../../components/ExecutionTable';
import { isUnfinished } from '../../../components/job-status';
import { JobStatusBadge } from '../../../components/JobStatusBadge';
import { EmptyState } from '../../../components/States';
import { TaskLogLink, TaskTable } from '../../../components/TaskTable';
import { useConfirm } from '../../../components/use-confirm';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { formatDateTime } from '../../../lib/format';
import { taskLogUrl, type ReplicationExecution, type ReplicationPolicy, type ReplicationTask } from '../api';
import { badgeStatus, successRate, TRIGGER_KEYS } from '../execution-status';
import { executionListQuery, taskListQuery, useExecutionChanges } from '../queries';

/** Harbor's execution detail: how many of the run's tasks succeeded, failed, go on or were stopped. */
function ExecutionCounts({ execution }: { execution: ReplicationExecution }) {
  const { t } = useI18n();
  const counts: [MessageKey, number | undefined][] = [
    ['replications.count_success', execution.succeed],
    ['replications.count_failure', execution.failed],
    ['replications.count_in_progress', execution.in_progress],
    ['replications.count_stopped', execution.stopped],
  ];
  return (
    <dl className="stats-bar" aria-label={t('replications.counts_of', { id: execution.id })}>
      {counts.map(([label, value]) => (
        <div key={label} className="stats-bar__item">
          <dt>{t(label)}</dt>
          <dd>{value ?? 0}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A run's tasks, one per repository, with source, destination, operation and a link to the log. */
function ReplicationTasks({ policyId, execution }: { policyId: number; execution: ReplicationExecution }) {
  const { t, locale } = useI18n();
  const live = isUnfinished(execution.status);
  const columns: Column<ReplicationTask>[] = [
    { key: 'id', header: t('replications.col_task_id'), cell: (task) => task.id },
    { key: 'resource_type', header: t('replications.col_resource_type'), cell: (task) => task.resource_type },
    { key: 'source', header: t('replications.col_source'), cell: (task) => task.src_resource },
    { key: 'destination', header: t('replications.col_destination'), cell: (task) => task.dst_resource },
    { key: 'operation', header: t('replications.col_operation'), cell: (task) => task.operation },
    {
      key: 'status',
      header: t('replications.status'),
      cell: (task) => <JobStatusBadge status={badgeStatus(task.status)} />,
    },
    {
      key: 'start',
      header: t('replications.col_start'),
      cell: (task) => formatDateTime(task.start_time, locale),
    },
    { key: 'end', header: t('replications.col_end'), cell: (task) => formatDateTime(task.end_time, locale) },
    {
      key: 'log',
      header: t('replications.col_logs'),
      actions: true,
      // A task that has not started has no log yet (Harbor hides the link too).
      cell: (task) =>
        task.status === 'Pending' ? null : (
          <TaskLogLink
            href={taskLogUrl(execution.id, task.id)}
            label={t('replications.log_of', { id: task.id })}
          />
        ),
    },
  ];
  return (
    <TaskTable
      query={(params) => taskListQuery(policyId, execution.id, params, live)}
      columns={columns}
      title={t('replications.tasks_of', { id: execution.id })}
      summary={<ExecutionCounts execution={execution} />}
      empty={<EmptyState title={t('replications.tasks_empty')} />}
      executionStatus={execution.status}
    />
  );
}

/**
 * The selected rule's runs, newest first, as Harbor's Executions list: status, trigger, start and end,
 * success rate and total; Tasks opens a run's repositories, Stop ends an unfinished run.
 * Unfinished runs are re-read every 5 s.
 */
export function ReplicationExecutions({ policy }: { policy: ReplicationPolicy }) {
  const { t, locale } = useI18n();
  const { stop } = useExecutionChanges();
  const stopping = useConfirm(stop, (execution: ReplicationExecution) => ({
    policyId: policy.id,
    executionId: execution.id,
  }));
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const title = t('replications.executions_of', { name: policy.name });

  const columns: Column<ReplicationExecution>[] = [
    { key: 'id', header: t('job.col_id'), cell: (execution) => execution.id },
    {
      key: 'status',
      header: t('replications.status'),
      cell: (execution) => (
        <JobStatusBadge status={badgeStatus(execution.status)} message={execution.status_text} />
      ),
    },
    {
      key: 'trigger',
      header: t('replications.col_trigger'),
      cell: (execution) => {
        const key = TRIGGER_KEYS[execution.trigger ?? ''];
        return key ? t(key) : (execution.trigger ?? '');
      },
    },
    {
      key: 'start',
      header: t('replications.col_start'),
      cell: (execution) => formatDateTime(execution.start_time, locale),
    },
    {
      key: 'end',
      header: t('replications.col_end'),
      cell: (execution) => formatDateTime(execution.end_time, locale),
    },
    {
      key: 'success_rate',
      header: t('replications.col_success_rate'),
      numeric: true,
      cell: (execution) => percent.format(successRate(execution)),
    },
    {
      key: 'total',
      header: t('replications.col_total'),
      numeric: true,
      cell: (execution) => execution.total ?? 0,
    },
  ];

  return (
    <section aria-label={title}>
      <ExecutionTable
        query={(params) => executionListQuery(policy.id, params)}
        columns={columns}
        label={title}
        empty={<EmptyState title={t('replications.executions_empty')} />}
        detailsText={t('replications.tasks')}
        detailsLabel={(execution) => t('replications.tasks_of', { id: execution.id })}
        // Harbor stops only a run in progress, not one still pending.
        actions={(execution) =>
          execution.status === 'InProgress' && (
            <button
              type="button"
              className="btn btn--link danger"
              aria-label={t('replications.stop_execution', { id: execution.id })}
              onClick={() => stopping.ask(execution)}
            >
              {t('replications.stop')}
            </button>
          )
        }
        toolbar={<h2 className="section__title">{title}</h2>}
        tasks={(execution) => <ReplicationTasks policyId={policy.id} execution={execution} />}
      />
      <ConfirmDialog
        {...stopping.dialog}
        title={t('replications.stop_title')}
        message={t('replications.stop_confirm', { id: stopping.target?.id ?? '' })}
        confirmLabel={t('replications.stop')}
      />
    </section>
  );
}
