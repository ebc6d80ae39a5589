import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyState, Forbidden, QueryError, TableSkeleton } from '../../../components/States';
import { useConfirm } from '../../../components/use-confirm';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { useProjectContext } from '../../projects/components/ProjectPage';
import type { RetentionPolicy } from '../api';
import { retentionMetadataQuery, retentionPolicyQuery, useSaveRetentionPolicy } from '../queries';
import { describeRule, emptyPolicy, MAX_RULES, removedRule, toggledRule } from '../rules';
import { RetentionRuleDialog } from './RetentionRuleDialog';
import { RetentionRuns } from './RetentionRuns';
import { RetentionSchedule } from './RetentionSchedule';
import './tag-retention.css';

/** A dialog open for a new rule (`index` absent) or an existing one; `key` gives each opening fresh state. */
type Editor = { index?: number; key: number };

/** The project's policy id, from its `retention_id` metadata (absent until the first rule is saved). */
function policyIdOf(retentionId: string | null | undefined): number | undefined {
  const id = Number(retentionId);
  return retentionId && Number.isInteger(id) && id > 0 ? id : undefined;
}

function RetentionRules({
  policy,
  policyId,
  loading,
  onEdit,
}: {
  policy: RetentionPolicy;
  policyId: number | undefined;
  loading: boolean;
  onEdit: (editor: Editor) => void;
}) {
  const { t } = useI18n();
  const toggle = useSaveRetentionPolicy(policyId);
  const remove = useSaveRetentionPolicy(policyId);
  const deleting = useConfirm(remove, (index: number) => removedRule(policy, index));
  const total = policy.rules.length;
  return (
    <section className="retention-section" aria-labelledby="retention-rules-title">
      <div className="toolbar">
        <h3 id="retention-rules-title" className="retention-section__title">
          {t('retention.rules')}{' '}
          <span className="badge" aria-label={t('retention.count_label', { count: total, max: MAX_RULES })}>
            {total}/{MAX_RULES}
          </span>
        </h3>
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--primary"
          disabled={loading || total >= MAX_RULES}
          title={total >= MAX_RULES ? t('retention.limit', { max: MAX_RULES }) : undefined}
          onClick={() => onEdit({ key: Date.now() })}
        >
          {t('retention.add')}
        </button>
      </div>
      {toggle.isError && <Alert>{errorMessage(toggle.error, t)}</Alert>}
      {loading ? (
        <TableSkeleton columns={3} rows={2} />
      ) : total === 0 ? (
        <EmptyState title={t('retention.empty')}>
          <p>{t('retention.empty_hint')}</p>
        </EmptyState>
      ) : (
        <ul className="retention-rules" aria-label={t('retention.rules')}>
          {policy.rules.map((rule, index) => (
            <li key={`${index}-${rule.id ?? ''}`} className="retention-rule">
              {rule.disabled ? (
                <span className="badge badge--danger">{t('retention.disabled')}</span>
              ) : (
                <span className="badge badge--public">{t('retention.enabled')}</span>
              )}
              <span className="retention-rule__text">{describeRule(rule, t)}</span>
              <span className="retention-rule__actions">
                <button
                  type="button"
                  className="btn btn--link"
                  onClick={() => onEdit({ index, key: Date.now() })}
                >
                  {t('retention.edit')}
                </button>
                <button
                  type="button"
                  className="btn btn--link"
                  disabled={toggle.isPending}
                  onClick={() => toggle.mutate(toggledRule(policy, index))}
                >
                  {rule.disabled ? t('retention.enable') : t('retention.disable')}
                </button>
                <button type="button" className="btn btn--link danger" onClick={() => deleting.ask(index)}>
                  {t('app.delete')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        {...deleting.dialog}
        title={t('retention.delete_title')}
        message={t('retention.delete_confirm', {
          rule: deleting.target === null ? '' : describeRule(policy.rules[deleting.target]!, t),
        })}
        confirmLabel={t('app.delete')}
      />
    </section>
  );
}

/**
 * Policy › Tag Retention (Harbor's `tag-strategy/tag-retention`): the project's retention rules, the schedule
 * and the runs. Harbor's RBAC gives project admins, maintainers and developers all of it; guests nothing.
 */
export default function TagRetentionTab() {
  const { t } = useI18n();
  const { project, canPush } = useProjectContext();
  const policyId = policyIdOf(project.metadata?.retention_id);
  const metadata = useQuery({ ...retentionMetadataQuery(), enabled: canPush });
  const stored = useQuery({
    ...retentionPolicyQuery(policyId ?? 0),
    enabled: canPush && policyId !== undefined,
  });
  const [editor, setEditor] = useState<Editor | null>(null);
  if (!canPush) return <Forbidden />;

  const policy = policyId === undefined ? emptyPolicy(project.project_id) : stored.data;
  return (
    <section className="card retention-policy" aria-labelledby="retention-policy-title">
      <h2 id="retention-policy-title" className="retention-policy__title">
        {t('retention.title')}
      </h2>
      <p className="field__hint">{t('retention.intro')}</p>
      {stored.isError ? (
        <QueryError error={stored.error} onRetry={() => void stored.refetch()} />
      ) : (
        <>
          <RetentionRules
            policy={policy ?? emptyPolicy(project.project_id)}
            policyId={policyId}
            loading={!policy}
            onEdit={setEditor}
          />
          {policy && policyId !== undefined && (
            <RetentionSchedule key={policy.trigger.settings.cron ?? ''} policy={policy} policyId={policyId} />
          )}
          <RetentionRuns policyId={policyId} hasRules={(policy?.rules.length ?? 0) > 0} />
        </>
      )}
      {editor && policy && (
        <RetentionRuleDialog
          key={editor.key}
          policy={policy}
          policyId={policyId}
          metadata={metadata.data}
          editingIndex={editor.index}
          onClose={() => setEditor(null)}
        />
      )}
    </section>
  );
}
