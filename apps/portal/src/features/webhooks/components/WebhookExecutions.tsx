import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { JobStatusBadge } from '../../../components/JobStatusBadge';
import { EmptyState } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { webhookTaskLogUrl, type WebhookExecution, type WebhookPolicy, type WebhookTask } from '../api';
import { eventTypeKey, executionEventType } from '../policy-form';
import { webhookExecutionsQuery, webhookTasksQuery } from '../queries';

const PAGE_SIZE = 10;

/** An execution's tasks (one per target), each with a link to its log in a new tab. */
function WebhookTasks({
  projectId,
  policyId,
  executionId,
}: {
  projectId: number;
  policyId: number;
  executionId: number;
}) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const tasks = useQuery(webhookTasksQuery(projectId, policyId, executionId, { page, pageSize: PAGE_SIZE }));
  const title = t('webhook.tasks_of', { id: executionId });
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
        <a
          className="btn btn--link"
          href={webhookTaskLogUrl(projectId, policyId, executionId, task.id)}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={t('webhook.log_of', { id: task.id })}
        >
          {t('job.log')}
        </a>
      ),
    },
  ];
  return (
    <section className="webhook-tasks" aria-label={title}>
      <h4 className="webhooks__subtitle">{title}</h4>
      <DataTable
        query={tasks}
        columns={columns}
        rowKey={(task) => task.id}
        label={title}
        empty={<EmptyState title={t('webhook.tasks_empty')} />}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </section>
  );
}

/**
 * A policy's executions, newest first: one per event and target kind, with the event type it delivered,
 * its status and times; Tasks shows its deliveries and their logs. Unfinished ones are re-read.
 */
export function WebhookExecutions({ projectId, policy }: { projectId: number; policy: WebhookPolicy }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const executions = useQuery(webhookExecutionsQuery(projectId, policy.id, { page, pageSize: PAGE_SIZE }));
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
    {
      key: 'tasks',
      header: t('webhook.tasks'),
      actions: true,
      cell: (execution) => (
        <button
          type="button"
          className="btn btn--link"
          aria-expanded={execution.id === openId}
          aria-label={t('webhook.tasks_of', { id: execution.id })}
          onClick={() => setOpenId(execution.id === openId ? null : execution.id)}
        >
          {t('webhook.tasks')}
        </button>
      ),
    },
  ];

  return (
    <section className="webhook-executions" aria-label={title}>
      <div className="toolbar">
        <h3 className="webhooks__subtitle">{title}</h3>
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => void executions.refetch()}
        >
          {t('job.refresh')}
        </button>
      </div>
      <DataTable
        query={executions}
        columns={columns}
        rowKey={(execution) => execution.id}
        label={title}
        empty={<EmptyState title={t('webhook.executions_empty')} />}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
        subRow={(execution) =>
          execution.id === openId ? (
            <WebhookTasks projectId={projectId} policyId={policy.id} executionId={execution.id} />
          ) : null
        }
      />
    </section>
  );
}
