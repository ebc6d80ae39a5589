import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { useConfirm } from '../../../components/use-confirm';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { ImmutableRule, ImmutableSelector } from '../api';
import {
  immutableRuleListQuery,
  useDeleteImmutableRule,
  useUpdateImmutableRule,
  type RuleProject,
} from '../queries';
import { decorationKey, inputOf, MAX_RULES, toggledRule } from '../rules';
import { ImmutableRuleDialog } from './ImmutableRuleDialog';
import './immutable-tags.css';

/** Harbor lists (and its portal allows) at most 15 rules, so one page holds them all. */
const PAGE_SIZE = MAX_RULES;

/** A dialog open for a new rule (`editing` absent) or an existing one; `key` gives each opening fresh state. */
type Editor = { editing?: ImmutableRule; key: number };

/** Tag Immutability: the project's rules; admins and maintainers add, edit, enable/disable and delete them. */
export function ImmutableRulesPanel({ project, canManage }: { project: RuleProject; canManage: boolean }) {
  const { t } = useI18n();
  const rules = useQuery(immutableRuleListQuery(project.projectId, { page: 1, pageSize: PAGE_SIZE }));
  const [editor, setEditor] = useState<Editor | null>(null);
  const toggle = useUpdateImmutableRule(project);
  const remove = useDeleteImmutableRule(project);
  const deleting = useConfirm(remove, (rule: ImmutableRule) => rule.id);
  const listed = rules.data?.items ?? [];
  const total = rules.data?.total ?? 0;
  const selector = (selectors: ImmutableSelector[] | undefined) => {
    const first = selectors?.[0];
    return first ? `${t(decorationKey(first.decoration))} ${inputOf(first.pattern)}` : '—';
  };
  const describe = (rule: ImmutableRule | null) =>
    rule
      ? {
          repositories: selector(rule.scope_selectors.repository),
          tags: selector(rule.tag_selectors),
        }
      : { repositories: '', tags: '' };

  const columns: Column<ImmutableRule>[] = [
    {
      key: 'status',
      header: t('immutable.col_status'),
      cell: (rule) =>
        rule.disabled ? (
          <span className="badge badge--danger">{t('immutable.disabled')}</span>
        ) : (
          <span className="badge badge--public">{t('immutable.enabled')}</span>
        ),
    },
    {
      key: 'repositories',
      header: t('immutable.col_repositories'),
      cell: (rule) => <span className="mono">{selector(rule.scope_selectors.repository)}</span>,
    },
    {
      key: 'tags',
      header: t('immutable.col_tags'),
      cell: (rule) => <span className="mono">{selector(rule.tag_selectors)}</span>,
    },
  ];
  if (canManage)
    columns.push({
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (rule) => (
        <>
          <button
            type="button"
            className="btn btn--link"
            onClick={() => setEditor({ editing: rule, key: Date.now() })}
          >
            {t('immutable.edit')}
          </button>
          <button
            type="button"
            className="btn btn--link"
            disabled={toggle.isPending}
            onClick={() => toggle.mutate(toggledRule(rule))}
          >
            {rule.disabled ? t('immutable.enable') : t('immutable.disable')}
          </button>
          <button type="button" className="btn btn--link danger" onClick={() => deleting.ask(rule)}>
            {t('app.delete')}
          </button>
        </>
      ),
    });

  return (
    <>
      <div className="toolbar">
        <h3 className="immutable-rules__title">
          {t('immutable.rules')}{' '}
          <span className="badge" aria-label={t('immutable.count_label', { count: total, max: MAX_RULES })}>
            {total}/{MAX_RULES}
          </span>
        </h3>
        <span className="toolbar__spacer" />
        {canManage && (
          <button
            type="button"
            className="btn btn--primary"
            disabled={!rules.isSuccess || total >= MAX_RULES}
            title={total >= MAX_RULES ? t('immutable.limit', { max: MAX_RULES }) : undefined}
            onClick={() => setEditor({ key: Date.now() })}
          >
            {t('immutable.add')}
          </button>
        )}
      </div>
      {toggle.isError && <Alert>{errorMessage(toggle.error, t)}</Alert>}
      <DataTable
        query={rules}
        columns={columns}
        rowKey={(rule) => rule.id}
        label={t('immutable.rules')}
        empty={
          <EmptyState title={t('immutable.empty')}>
            <p>{canManage ? t('immutable.empty_hint') : ''}</p>
          </EmptyState>
        }
      />
      {editor && (
        <ImmutableRuleDialog
          key={editor.key}
          project={project}
          editing={editor.editing}
          rules={listed}
          onClose={() => setEditor(null)}
        />
      )}
      <ConfirmDialog
        {...deleting.dialog}
        title={t('immutable.delete_title')}
        message={t('immutable.delete_confirm', describe(deleting.target))}
        confirmLabel={t('app.delete')}
      />
    </>
  );
}
