import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useConfirm } from '../../../components/use-confirm';
import { Dialog } from '../../../components/Dialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { useUrlSort, useUrlState } from '../../../lib/use-url-state';
import { LabelChip } from './LabelChip';
import {
  createLabel,
  deleteLabel,
  listLabels,
  updateLabel,
  type Label,
  type LabelInput,
  type LabelListParams,
  type LabelScope,
} from '../api';

const PAGE_SIZE = 15;
// Core's sortable label fields shown as columns.
const SORT_FIELDS = ['name', 'creation_time'];
/** Harbor's label palette (a subset), background colours with readable text. */
const COLORS = ['#0065AB', '#1D5100', '#006668', '#4D007A', '#8F0E49', '#A32100', '#C27B00', '#555555'];

const scopeKey = (scope: LabelScope) => (scope.scope === 'g' ? 'global' : `project-${scope.projectId}`);
const labelKeys = {
  scope: (scope: LabelScope) => ['labels', scopeKey(scope)] as const,
  list: (scope: LabelScope, params: LabelListParams) => ['labels', scopeKey(scope), params] as const,
};

function LabelDialog({
  scope,
  editing,
  open,
  onClose,
}: {
  scope: LabelScope;
  editing: Label | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const ids = { name: useId(), description: useId() };
  const initial: LabelInput = {
    name: editing?.name ?? '',
    description: editing?.description ?? '',
    color: editing?.color || COLORS[0]!,
  };
  const [form, setForm] = useState<LabelInput>(initial);
  const [submitted, setSubmitted] = useState(false);
  const save = useMutation({
    mutationFn: (input: LabelInput) => (editing ? updateLabel(editing.id, input) : createLabel(scope, input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelKeys.scope(scope) }),
  });
  const close = () => {
    setSubmitted(false);
    save.reset();
    onClose();
  };
  const missing = !form.name.trim();
  return (
    <Dialog
      open={open}
      title={editing ? t('labels.edit_title') : t('labels.create_title')}
      onClose={close}
      submitLabel={t('app.save')}
      submitting={save.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (missing) return;
        save.mutate({ ...form, name: form.name.trim() }, { onSuccess: close });
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={ids.name}>
          {t('labels.name')}
        </label>
        <input
          id={ids.name}
          className="field__input"
          value={form.name}
          autoFocus
          aria-invalid={submitted && missing ? true : undefined}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
        />
        {submitted && missing && <span className="field__error">{t('users.required')}</span>}
      </div>
      <fieldset className="check-grid" style={{ gridTemplateColumns: 'repeat(8, 2rem)' }}>
        <legend>{t('labels.color')}</legend>
        {COLORS.map((color) => (
          <label key={color} title={color} style={{ display: 'inline-flex' }}>
            <input
              type="radio"
              name="label-color"
              className="visually-hidden"
              checked={form.color === color}
              onChange={() => setForm({ ...form, color })}
            />
            <span
              aria-hidden="true"
              style={{
                width: '1.6rem',
                height: '1.6rem',
                borderRadius: '50%',
                background: color,
                outline: form.color === color ? '3px solid var(--color-primary)' : 'none',
                outlineOffset: 2,
                cursor: 'pointer',
              }}
            />
            <span className="visually-hidden">{color}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label className="field__label" htmlFor={ids.description}>
          {t('labels.description')}
        </label>
        <input
          id={ids.description}
          className="field__input"
          value={form.description}
          onChange={(event) => setForm({ ...form, description: event.target.value })}
        />
      </div>
      <div>
        <LabelChip label={{ name: form.name || t('labels.preview'), color: form.color }} />
      </div>
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </Dialog>
  );
}

/** Labels of one scope (global for admins, or a project's): create, edit, delete. */
export function LabelsPanel({ scope, canManage }: { scope: LabelScope; canManage: boolean }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const { page, setPage } = useUrlState();
  const { sort, setSort } = useUrlSort(SORT_FIELDS);
  const params: LabelListParams = { page, pageSize: PAGE_SIZE, sort };
  const [dialog, setDialog] = useState<{ editing: Label | null; key: number } | null>(null);
  const labels = useQuery(
    queryOptions({
      queryKey: labelKeys.list(scope, params),
      queryFn: ({ signal }) => listLabels(scope, params, signal),
      placeholderData: keepPreviousData,
    }),
  );
  const remove = useMutation({
    mutationFn: deleteLabel,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelKeys.scope(scope) }),
  });
  const deleting = useConfirm(remove, (label: Label) => label.id);

  const columns: Column<Label>[] = [
    {
      key: 'name',
      header: t('labels.name'),
      sortField: 'name',
      cell: (label) => <LabelChip label={label} />,
    },
    { key: 'description', header: t('labels.description'), cell: (label) => label.description || '—' },
    {
      key: 'created',
      header: t('projects.col_created'),
      sortField: 'creation_time',
      cell: (label) => formatDateTime(label.creation_time, locale),
    },
  ];
  if (canManage)
    columns.push({
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (label) => (
        <>
          <button
            type="button"
            className="btn btn--link"
            onClick={() => setDialog({ editing: label, key: Date.now() })}
          >
            {t('quotas.edit')}
          </button>
          <button type="button" className="btn btn--link danger" onClick={() => deleting.ask(label)}>
            {t('app.delete')}
          </button>
        </>
      ),
    });

  const body = (
    <DataTable
      query={labels}
      columns={columns}
      rowKey={(label) => label.id}
      empty={
        <EmptyState title={t('labels.empty')}>
          <p>{canManage ? t('labels.empty_hint') : ''}</p>
        </EmptyState>
      }
      sort={sort}
      onSortChange={setSort}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
    />
  );

  return (
    <>
      {canManage && (
        <div className="toolbar">
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => setDialog({ editing: null, key: Date.now() })}
          >
            {t('labels.new')}
          </button>
        </div>
      )}
      {body}
      {dialog && (
        <LabelDialog
          key={dialog.key}
          scope={scope}
          editing={dialog.editing}
          open
          onClose={() => setDialog(null)}
        />
      )}
      <ConfirmDialog
        {...deleting.dialog}
        title={t('labels.delete_title')}
        message={t('labels.delete_confirm', { name: deleting.target?.name ?? '' })}
        confirmLabel={t('app.delete')}
      />
    </>
  );
}
