import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { QuotaBar } from '../../../components/QuotaBar';
import { EmptyState } from '../../../components/States';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { useUrlSort, useUrlState } from '../../../lib/use-url-state';
import { parseQuota } from '../../projects/components/CreateProjectDialog';
import { projectKeys } from '../../projects/queries';
import { listQuotas, updateQuota, type Quota, type QuotaListParams } from '../api';
import '../../../components/ui.css';

const PAGE_SIZE = 15;
const quotaKeys = {
  all: ['quotas'] as const,
  list: (params: QuotaListParams) => ['quotas', params] as const,
};
// Core's quota sort fields; the largest usage first unless the URL says otherwise.
const SORT_FIELDS = ['used.storage', 'hard.storage'];
const DEFAULT_SORT = '-used.storage';

function EditQuotaDialog({ quota, onClose }: { quota: Quota | null; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState<'MiB' | 'GiB' | 'TiB'>('GiB');
  const [submitted, setSubmitted] = useState(false);
  const save = useMutation({
    mutationFn: (storage: number) => updateQuota(quota?.id ?? 0, storage),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: quotaKeys.all });
      await queryClient.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
  const parsed = parseQuota(value, unit);
  const close = () => {
    setValue('');
    setSubmitted(false);
    save.reset();
    onClose();
  };
  return (
    <Dialog
      open={quota !== null}
      title={t('quotas.edit_title', { name: quota?.ref.name ?? '' })}
      onClose={close}
      submitLabel={t('app.save')}
      submitting={save.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if ('error' in parsed) return;
        save.mutate(parsed.bytes, { onSuccess: close });
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          {t('projects.create.quota')}
        </label>
        <div className="field__row">
          <input
            id={inputId}
            className="field__input"
            inputMode="numeric"
            value={value}
            autoFocus
            placeholder={t('projects.create.quota_unlimited')}
            onChange={(event) => setValue(event.target.value)}
          />
          <select
            className="field__input"
            style={{ width: '6rem' }}
            aria-label={t('projects.create.quota_unit')}
            value={unit}
            onChange={(event) => setUnit(event.target.value as 'MiB' | 'GiB' | 'TiB')}
          >
            <option value="MiB">MiB</option>
            <option value="GiB">GiB</option>
            <option value="TiB">TiB</option>
          </select>
        </div>
        {(submitted || value) && 'error' in parsed ? (
          <span className="field__error">{t(parsed.error)}</span>
        ) : (
          <span className="field__hint">{t('projects.create.quota_hint')}</span>
        )}
      </div>
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </Dialog>
  );
}

/** Administration › Project Quotas: storage used against each project's limit, largest first. */
export default function QuotasPage() {
  const { t } = useI18n();
  const { page, setPage } = useUrlState();
  const { sort = DEFAULT_SORT, setSort } = useUrlSort(SORT_FIELDS, DEFAULT_SORT);
  const [editing, setEditing] = useState<Quota | null>(null);
  const params: QuotaListParams = { page, pageSize: PAGE_SIZE, sort };
  const quotas = useQuery(
    queryOptions({
      queryKey: quotaKeys.list(params),
      queryFn: ({ signal }) => listQuotas(params, signal),
      placeholderData: keepPreviousData,
    }),
  );

  const columns: Column<Quota>[] = [
    {
      key: 'name',
      header: t('projects.col_name'),
      cell: (quota) =>
        quota.ref.id ? (
          <Link to={`/harbor/projects/${quota.ref.id}/summary`}>{quota.ref.name}</Link>
        ) : (
          quota.ref.name
        ),
    },
    { key: 'owner', header: t('quotas.col_owner'), cell: (quota) => quota.ref.owner_name || '—' },
    {
      key: 'storage',
      header: t('quotas.col_storage'),
      sortField: 'used.storage',
      cell: (quota) => (
        <div style={{ minWidth: '14rem' }}>
          <QuotaBar used={quota.used.storage ?? 0} hard={quota.hard.storage ?? -1} />
        </div>
      ),
    },
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (quota) => (
        <button type="button" className="btn btn--link" onClick={() => setEditing(quota)}>
          {t('quotas.edit')}
        </button>
      ),
    },
  ];
  const body = (
    <DataTable
      query={quotas}
      columns={columns}
      rowKey={(quota) => quota.id}
      empty={<EmptyState title={t('quotas.empty')} />}
      sort={sort}
      onSortChange={setSort}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
    />
  );

  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('admin.quotas_title')}</h1>
      </div>
      {body}
      <EditQuotaDialog quota={editing} onClose={() => setEditing(null)} />
    </section>
  );
}
