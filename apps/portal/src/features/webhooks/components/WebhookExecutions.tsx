import { ExecutionTable } from '../../../components/ExecutionTable';
import type { Column } from '../../../components/DataTable';
import { JobStatusBadge } from '../../../components/JobStatusBadge';
import { EmptyState } from '../../../components/States';
import { TaskLogLink, TaskTable } from '../../../components/TaskTable';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { webhookTaskLogUrl, type WebhookExecution, type WebhookPolicy, type WebhookTask } from '../api';
import { eventTypeKey, executionEventType } from '../policy-form';
import { webhookExecutionsQuery, webhookTasksQuery } from '../queries';

/** An execution's tasks (one per target), each with a link to its log in a new tab. */
function WebhookTasks({
  projectId,
  policyId,
  execution,
}: {
  projectId: number;
  policyId: number;
  execution: WebhookExecution;
}) {
  const { t, locale } = useI18n();
  const columns: Column<WebhookTask>[] = [
    { key: 'id', header: t('job.col_id'), cell: (task) => task.id },
    {
      key: 'status',
      header: t('job.col_status'),
      cell: (task) => <JobStatusBadge status={task.status} message={task.status_message} />,
    },
    {
      key: 'start',
      header: t('webhook.col_start'),
      cell: (task) => formatDateTime(task.start_time ?? task.creation_time, locale),
    },
    { key: 'end', header: t('webhook.col_end'), cell: (task) => formatDateTime(task.end_time, locale) },
    {
      key: 'log',
      header: t('job.log'),
      actions: true,
      cell: (task) => (
        <TaskLogLink
          href={webhookTaskLogUrl(projectId, policyId, execution.id, task.id)}
          label={t('webhook.log_of', { id: task.id })}
        />
      ),
    },
  ];
  return (
    <TaskTable
      query={(params) => webhookTasksQuery(projectId, policyId, execution.id, params)}
      columns={columns}
      title={t('webhook.tasks_of', { id: execution.id })}
      headingClass="webhooks__subtitle"
      className="webhook-tasks"
      empty={<EmptyState title={t('webhook.tasks_empty')} />}
      executionStatus={execution.status}
    />
  );
}

/**
 * A policy's executions, newest first: one per event and target kind, with the event type it delivered,
 * its status and times; Tasks shows its deliveries and their logs. Unfinished ones are re-read.
 */
export function WebhookExecutions({ projectId, policy }: { projectId: number; policy: WebhookPolicy }) {
  const { t, locale } = useI18n();
  const title = t('webhook.executions_of', { name: policy.name });
  const columns: Column<WebhookExecution>[] = [
    { key: 'id', header: t('job.col_id'), cell: (execution) => execution.id },
    {
      key: 'event_type',
      header: t('webhook.col_event_type'),
      cell: (execution) => {
        const type = executionEventType(execution.extra_attrs);
        const key = eventTypeKey(type);
        return key ? t(key) : type || '—';
      },
    },
    {
      key: 'status',
      header: t('job.col_status'),
      cell: (execution) => <JobStatusBadge status={execution.status} message={execution.status_message} />,
    },
    {
      key: 'start',
      header: t('webhook.col_start'),
      cell: (execution) => formatDateTime(execution.start_time, locale),
    },
    {
      key: 'end',
      header: t('webhook.col_end'),
      cell: (execution) => formatDateTime(execution.end_time, locale),
    },
  ];

  return (
    <section className="webhook-executions" aria-label={title}>
      <ExecutionTable
        query={(params) => webhookExecutionsQuery(projectId, policy.id, params)}
        columns={columns}
        label={title}
        empty={<EmptyState title={t('webhook.executions_empty')} />}
        detailsText={t('webhook.tasks')}
        detailsLabel={(execution) => t('webhook.tasks_of', { id: execution.id })}
        toolbar={<h3 className="webhooks__subtitle">{title}</h3>}
        tasks={(execution) => (
          <WebhookTasks projectId={projectId} policyId={policy.id} execution={execution} />
        )}
      />
    </section>
  );
}
