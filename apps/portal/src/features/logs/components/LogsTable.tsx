import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { SearchBox } from '../../../components/SearchBox';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/use-debounced';
import { useUrlSort, useUrlState } from '../../../lib/use-url-state';
import type { AuditLog, LogParams } from '../api';
import { logListQuery } from '../queries';

const PAGE_SIZE = 15;
type Field = NonNullable<LogParams['filter']>['field'];
const FIELDS: Field[] = ['username', 'resource', 'resource_type', 'operation'];
const FIELD_KEYS: Record<Field, MessageKey> = {
  username: 'logs.col_username',
  resource: 'logs.col_resource',
  resource_type: 'logs.col_resource_type',
  operation: 'logs.col_operation',
};
// Core sorts the log by every column.
const SORT_FIELDS = [...FIELDS, 'op_time'];
const DEFAULT_SORT = '-op_time';

/** Audit log entries, newest first, filterable by one field (Harbor's q=field=~value). */
export function LogsTable({ projectName }: { projectName?: string }) {
  const { t, locale } = useI18n();
  const { page, setPage } = useUrlState();
  const { sort, setSort } = useUrlSort(SORT_FIELDS, DEFAULT_SORT);
  const [field, setField] = useState<Field>('username');
  const [value, setValue] = useState('');
  const debounced = useDebounced(value.trim());
  const logs = useQuery(
    logListQuery(projectName, {
      page,
      pageSize: PAGE_SIZE,
      sort,
      filter: debounced ? { field, value: debounced } : undefined,
    }),
  );
  const fieldLabel = (f: Field) => t(FIELD_KEYS[f]);

  const columns: Column<AuditLog>[] = [
    { key: 'username', header: t('logs.col_username'), sortField: 'username', cell: (log) => log.username },
    {
      key: 'resource',
      header: t('logs.col_resource'),
      sortField: 'resource',
      cell: (log) => <span className="mono">{log.resource}</span>,
    },
    {
      key: 'resource_type',
      header: t('logs.col_resource_type'),
      sortField: 'resource_type',
      cell: (log) => log.resource_type,
    },
    {
      key: 'operation',
      header: t('logs.col_operation'),
      sortField: 'operation',
      cell: (log) => <span className="badge">{log.operation}</span>,
    },
    {
      key: 'time',
      header: t('logs.col_time'),
      sortField: 'op_time',
      cell: (log) => formatDateTime(log.op_time, locale),
    },
  ];
  const body = (
    <DataTable
      query={logs}
      columns={columns}
      rowKey={(log) => log.id}
      empty={<EmptyState title={t('logs.empty')} />}
      sort={sort}
      onSortChange={setSort}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
    />
  );

  return (
    <>
      <div className="toolbar">
        <span className="toolbar__spacer" />
        <select
          className="field__input field__input--compact"
          aria-label={t('logs.filter_field')}
          value={field}
          onChange={(event) => {
            setField(event.target.value as Field);
            setPage(1);
          }}
        >
          {FIELDS.map((f) => (
            <option key={f} value={f}>
              {fieldLabel(f)}
            </option>
          ))}
        </select>
        <SearchBox
          label={t('logs.filter')}
          value={value}
          onChange={(text) => {
            setValue(text);
            setPage(1);
          }}
        />
      </div>
      {body}
    </>
  );
}
