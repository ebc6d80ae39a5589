import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { useConfirm } from '../../../components/use-confirm';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { useProjectContext } from '../../projects/components/ProjectPage';
import type { WebhookPolicy } from '../api';
import {
  eventTypeKey,
  lastTriggerTimes,
  notifyTypeKey,
  payloadFormatKey,
  toggledPolicy,
} from '../policy-form';
import {
  useDeleteWebhookPolicy,
  useUpdateWebhookPolicy,
  webhookEventsQuery,
  webhookLastTriggersQuery,
  webhookPolicyListQuery,
} from '../queries';
import { WebhookExecutions } from './WebhookExecutions';
import { WebhookPolicyDialog } from './WebhookPolicyDialog';
import './webhooks.css';

const PAGE_SIZE = 15;

/** A dialog open for a new policy (`editing` absent) or an existing one; `key` gives each opening fresh state. */
type Editor = { editing?: WebhookPolicy; key: number };

/**
 * The project's Webhooks tab (Harbor's `webhook`): its policies with their target, event types and last
 * trigger. Core lets project admins (and system admins) manage them and read their executions;
 * maintainers may only list them, so they see the list alone.
 */
export default function WebhooksTab() {
  const { t, locale } = useI18n();
  const { project, canManage } = useProjectContext();
  const projectId = project.project_id;
  const [page, setPage] = useState(1);
  const policies = useQuery(webhookPolicyListQuery(projectId, { page, pageSize: PAGE_SIZE }));
  // Both are `read` in core's role table: asked for only by those who hold it.
  const events = useQuery({ ...webhookEventsQuery(projectId), enabled: canManage });
  const triggers = useQuery({ ...webhookLastTriggersQuery(projectId), enabled: canManage });
  const [editor, setEditor] = useState<Editor | null>(null);
  const [shownId, setShownId] = useState<number | null>(null);
  const toggle = useUpdateWebhookPolicy(projectId);
  const remove = useDeleteWebhookPolicy(projectId);
  const deleting = useConfirm(remove, (policy: WebhookPolicy) => policy.id);
  const lastTriggered = lastTriggerTimes(triggers.data);
  const shown = policies.data?.items.find((policy) => policy.id === shownId);

  const eventLabel = (type: string) => {
    const key = eventTypeKey(type);
    return key ? t(key) : type;
  };
  const label = (key: ReturnType<typeof notifyTypeKey>, fallback: string) => (key ? t(key) : fallback);

  const columns: Column<WebhookPolicy>[] = [
    { key: 'name', header: t('webhook.col_name'), cell: (policy) => policy.name },
    {
      key: 'status',
      header: t('webhook.col_status'),
      cell: (policy) =>
        policy.enabled ? (
          <span className="badge badge--public">{t('webhook.enabled')}</span>
        ) : (
          <span className="badge badge--danger">{t('webhook.disabled')}</span>
        ),
    },
    {
      key: 'notify_type',
      header: t('webhook.col_notify_type'),
      cell: (policy) => {
        const type = policy.targets[0]?.type ?? '';
        return label(notifyTypeKey(type), type);
      },
    },
    {
      key: 'payload_format',
      header: t('webhook.col_payload_format'),
      cell: (policy) => {
        const format = policy.targets[0]?.payload_format;
        return format ? label(payloadFormatKey(format), format) : '—';
      },
    },
    {
      key: 'target',
      header: t('webhook.col_target'),
      cell: (policy) => <span className="mono webhook-target">{policy.targets[0]?.address ?? '—'}</span>,
    },
    {
      key: 'event_types',
      header: t('webhook.col_event_types'),
      cell: (policy) => (
        <ul className="webhook-events">
          {policy.event_types.map((type) => (
            <li key={type} className="badge">
              {eventLabel(type)}
            </li>
          ))}
        </ul>
      ),
    },
  ];
  if (canManage)
    columns.push(
      {
        key: 'last_trigger',
        header: t('webhook.col_last_trigger'),
        cell: (policy) => formatDateTime(lastTriggered.get(policy.name), locale),
      },
      {
        key: 'actions',
        header: t('app.actions'),
        actions: true,
        cell: (policy) => (
          <>
            <button
              type="button"
              className="btn btn--link"
              aria-pressed={policy.id === shownId}
              aria-label={t('webhook.executions_of', { name: policy.name })}
              onClick={() => setShownId(policy.id === shownId ? null : policy.id)}
            >
              {t('webhook.executions')}
            </button>
            <button
              type="button"
              className="btn btn--link"
              disabled={!events.isSuccess}
              onClick={() => setEditor({ editing: policy, key: Date.now() })}
            >
              {t('webhook.edit')}
            </button>
            <button
              type="button"
              className="btn btn--link"
              disabled={toggle.isPending}
              onClick={() => toggle.mutate({ id: policy.id, policy: toggledPolicy(policy) })}
            >
              {policy.enabled ? t('webhook.disable') : t('webhook.enable')}
            </button>
            <button type="button" className="btn btn--link danger" onClick={() => deleting.ask(policy)}>
              {t('app.delete')}
            </button>
          </>
        ),
      },
    );

  return (
    <section className="card webhooks" aria-labelledby="webhooks-title">
      <div className="toolbar">
        <h2 id="webhooks-title" className="webhooks__title">
          {t('webhook.title')}
        </h2>
        <span className="toolbar__spacer" />
        {canManage && (
          <button
            type="button"
            className="btn btn--primary"
            disabled={!events.isSuccess}
            onClick={() => setEditor({ key: Date.now() })}
          >
            {t('webhook.new')}
          </button>
        )}
      </div>
      <p className="field__hint">{t('webhook.intro')}</p>
      {!canManage && <p className="field__hint">{t('webhook.read_only')}</p>}
      {events.isError && <Alert>{errorMessage(events.error, t)}</Alert>}
      {toggle.isError && <Alert>{errorMessage(toggle.error, t)}</Alert>}
      <DataTable
        query={policies}
        columns={columns}
        rowKey={(policy) => policy.id}
        label={t('webhook.title')}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
        empty={
          <EmptyState title={t('webhook.empty')}>
            <p>{canManage ? t('webhook.empty_hint') : ''}</p>
          </EmptyState>
        }
      />
      {canManage && shown && <WebhookExecutions key={shown.id} projectId={projectId} policy={shown} />}
      {editor && events.data && (
        <WebhookPolicyDialog
          key={editor.key}
          projectId={projectId}
          events={events.data}
          editing={editor.editing}
          onClose={() => setEditor(null)}
        />
      )}
      <ConfirmDialog
        {...deleting.dialog}
        title={t('webhook.delete_title')}
        message={t('webhook.delete_confirm', { name: deleting.target?.name ?? '' })}
        confirmLabel={t('app.delete')}
      />
    </section>
  );
}
