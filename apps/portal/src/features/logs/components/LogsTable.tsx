import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/use-debounced';
import type { LogParams } from '../api';
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

/** Audit log entries, newest first, filterable by one field (Harbor's q=field=~value). */
export function LogsTable({ projectName }: { projectName?: string }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const [field, setField] = useState<Field>('username');
  const [value, setValue] = useState('');
  const debounced = useDebounced(value.trim());
  const logs = useQuery(
    logListQuery(projectName, {
      page,
      pageSize: PAGE_SIZE,
      filter: debounced ? { field, value: debounced } : undefined,
    }),
  );
  const fieldLabel = (f: Field) => t(FIELD_KEYS[f]);

  let body;
  if (logs.isPending) body = <TableSkeleton columns={5} />;
  else if (logs.isError) body = <QueryError error={logs.error} onRetry={() => void logs.refetch()} />;
  else if (logs.data.items.length === 0) body = <EmptyState title={t('logs.empty')} />;
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('logs.col_username')}</th>
                <th>{t('logs.col_resource')}</th>
                <th>{t('logs.col_resource_type')}</th>
                <th>{t('logs.col_operation')}</th>
                <th>{t('logs.col_time')}</th>
              </tr>
            </thead>
            <tbody>
              {logs.data.items.map((log) => (
                <tr key={log.id}>
                  <td>{log.username}</td>
                  <td className="mono">{log.resource}</td>
                  <td>{log.resource_type}</td>
                  <td>
                    <span className="badge">{log.operation}</span>
                  </td>
                  <td>{formatDateTime(log.op_time, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pageSize={PAGE_SIZE} total={logs.data.total} onPageChange={setPage} />
      </>
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
        <input
          type="search"
          className="search"
          placeholder={t('logs.filter')}
          aria-label={t('logs.filter')}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setPage(1);
          }}
        />
      </div>
      {body}
    </>
  );
}
