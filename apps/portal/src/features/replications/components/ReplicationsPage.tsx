import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useConfirm } from '../../../components/use-confirm';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { registryListQuery } from '../../registries/queries';
import type { ReplicationPolicy } from '../api';
import { TRIGGER_KEYS } from '../execution-status';
import { policyBody, formOf } from '../policy-form';
import { policyListQuery, useExecutionChanges, usePolicyChanges } from '../queries';
import { ImageSyncerImportDialog } from './ImageSyncerImportDialog';
import { ReplicationExecutions } from './ReplicationExecutions';
import { ReplicationRuleDialog } from './ReplicationRuleDialog';
import '../../../components/ui.css';

/**
 * Administration › Replications: the replication rules, with new, edit, enable/deactivate and delete;
 * selecting a rule shows its executions below, and REPLICATE (confirmed) starts one, as in Harbor.
 */
export default function ReplicationsPage() {
  const { t } = useI18n();
  const policies = useQuery(policyListQuery());
  const registries = useQuery(registryListQuery());
  const { update, remove } = usePolicyChanges();
  const deleting = useConfirm(remove, (policy: ReplicationPolicy) => policy.id);
  const { start } = useExecutionChanges();
  const replicating = useConfirm(start, (policy: ReplicationPolicy) => policy.id);
  const [editing, setEditing] = useState<ReplicationPolicy | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  // Re-read from the list so an edit or a toggle shows at once; a deleted rule drops its executions.
  const selected = policies.data?.items.find((policy) => policy.id === selectedId);
  const toggle = (policy: ReplicationPolicy) =>
    update.mutate({ id: policy.id, input: policyBody({ ...formOf(policy), enabled: !policy.enabled }) });
  const pull = (policy: ReplicationPolicy) => (policy.src_registry?.id ?? 0) !== 0;
  const destination = (policy: ReplicationPolicy) => {
    const registry = pull(policy) ? t('replications.local') : (policy.dest_registry?.name ?? '');
    return policy.dest_namespace ? `${registry} : ${policy.dest_namespace}` : registry;
  };
  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('replications.title')}</h1>
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
          {t('replications.new')}
        </button>
        <button
          type="button"
          className="btn btn--secondary"
          disabled={!selected?.enabled}
          onClick={() => selected && replicating.ask(selected)}
        >
          {t('replications.replicate')}
        </button>
        <button type="button" className="btn btn--secondary" onClick={() => setImporting(true)}>
          {t('replications.import')}
        </button>
      </div>
      {[policies, registries].map(
        (query, index) => query.isError && <Alert key={index}>{errorMessage(query.error, t)}</Alert>,
      )}
      {update.isError && <Alert>{errorMessage(update.error, t)}</Alert>}
      <table className="table" aria-label={t('replications.title')}>
        <thead>
          <tr>
            <th>
              <span className="visually-hidden">{t('replications.select_column')}</span>
            </th>
            <th>{t('replications.name')}</th>
            <th>{t('replications.status')}</th>
            <th>{t('replications.src_registry')}</th>
            <th>{t('replications.mode')}</th>
            <th>{t('replications.destination')}</th>
            <th>{t('replications.trigger_mode')}</th>
            <th>{t('replications.description')}</th>
            <th>{t('app.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(policies.data?.items ?? []).map((policy) => (
            <tr key={policy.id} aria-selected={policy.id === selectedId}>
              <td>
                <input
                  type="radio"
                  name="replication-rule"
                  checked={policy.id === selectedId}
                  aria-label={t('replications.select', { name: policy.name })}
                  onChange={() => setSelectedId(policy.id)}
                />
              </td>
              <td>{policy.name}</td>
              <td>{policy.enabled ? t('replications.enabled') : t('replications.disabled')}</td>
              <td>{pull(policy) ? policy.src_registry?.name : t('replications.local')}</td>
              <td>{pull(policy) ? t('replications.pull_based') : t('replications.push_based')}</td>
              <td>{destination(policy)}</td>
              <td>{t(TRIGGER_KEYS[policy.trigger?.type ?? 'manual'] ?? 'replications.trigger_manual')}</td>
              <td>{policy.description}</td>
              <td>
                <button type="button" className="btn btn--small" onClick={() => setEditing(policy)}>
                  {t('replications.edit')}
                </button>
                <button type="button" className="btn btn--small" onClick={() => toggle(policy)}>
                  {policy.enabled ? t('replications.disable') : t('replications.enable')}
                </button>
                <button
                  type="button"
                  className="btn btn--small btn--danger"
                  onClick={() => deleting.ask(policy)}
                >
                  {t('app.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {policies.data?.items.length === 0 && <p className="quota__text">{t('replications.none')}</p>}
      {selected ? (
        <ReplicationExecutions key={selected.id} policy={selected} />
      ) : (
        (policies.data?.items.length ?? 0) > 0 && (
          <p className="field__hint">{t('replications.select_hint')}</p>
        )
      )}
      {editing && (
        <ReplicationRuleDialog
          registries={registries.data?.items ?? []}
          editing={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <ImageSyncerImportDialog onClose={() => setImporting(false)} />}
      <ConfirmDialog
        {...deleting.dialog}
        title={t('replications.delete_title')}
        message={t('replications.delete_confirm', { name: deleting.target?.name ?? '' })}
        confirmLabel={t('app.delete')}
      />
      <ConfirmDialog
        {...replicating.dialog}
        title={t('replications.replicate_title')}
        message={t('replications.replicate_confirm', { name: replicating.target?.name ?? '' })}
        confirmLabel={t('replications.replicate')}
      />
    </section>
  );
}
