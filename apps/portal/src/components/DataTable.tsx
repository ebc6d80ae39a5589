import { Fragment, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { ListPage } from '../lib/api-client';
import { Pagination } from './Pagination';
import { QueryError, TableSkeleton } from './States';
import './ui.css';

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** Right-aligned row actions. */
  actions?: boolean;
  /** Harbor's sort field for this column (`?sort=field` / `-field`); makes the header a sort button. */
  sortField?: string;
  /** Accessible name of the sort button (defaults to `header` when it is a string). */
  sortLabel?: string;
}

/** The parts of a list query's state the table shows (a TanStack `useQuery` result fits). */
export interface ListQueryState<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data?: ListPage<T>;
  refetch: () => unknown;
}

export interface DataTableProps<T> {
  query: ListQueryState<T>;
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  /** Shown instead of the table when the page is empty. */
  empty: ReactNode;
  page?: number;
  pageSize?: number;
  onPageChange?: (page: number) => void;
  /** Current sort, e.g. `name` or `-creation_time`. */
  sort?: string;
  onSortChange?: (sort: string) => void;
  label?: string;
  /** Shown in a full-width row under a row (e.g. an artifact's accessories); nothing when it returns null. */
  subRow?: (row: T) => ReactNode;
}

function sortState(sort: string | undefined, field: string): 'ascending' | 'descending' | 'none' {
  if (!sort || sort.replace(/^-/, '') !== field) return 'none';
  return sort.startsWith('-') ? 'descending' : 'ascending';
}

const cellClass = (column: Pick<Column<unknown>, 'numeric' | 'actions'>) =>
  column.numeric ? 'table__num' : column.actions ? 'table__actions' : undefined;

/**
 * A paged list in one place: skeleton while loading, the 403 page or a retryable error, the empty state,
 * then the table with sortable headers and the pagination bar.
 */
export function DataTable<T>({
  query,
  columns,
  rowKey,
  empty,
  page,
  pageSize,
  onPageChange,
  sort,
  onSortChange,
  label,
  subRow,
}: DataTableProps<T>) {
  const { t } = useI18n();
  if (query.isPending) return <TableSkeleton columns={columns.length} />;
  if (query.isError || !query.data)
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <>{empty}</>;

  const header = (column: Column<T>) => {
    if (!column.sortField || !onSortChange) return column.header;
    const state = sortState(sort, column.sortField);
    const next = state === 'ascending' ? `-${column.sortField}` : column.sortField;
    const name = column.sortLabel ?? (typeof column.header === 'string' ? column.header : column.key);
    return (
      <button
        type="button"
        className="sort-btn"
        aria-label={t('table.sort_by', { column: name })}
        onClick={() => onSortChange(next)}
      >
        {column.header}
        <span aria-hidden="true">{state === 'none' ? '↕' : state === 'ascending' ? '↑' : '↓'}</span>
      </button>
    );
  };

  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label={label}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column.key}
                  className={cellClass(column)}
                  aria-sort={column.sortField ? sortState(sort, column.sortField) : undefined}
                >
                  {header(column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {query.data.items.map((row) => {
              const below = subRow?.(row);
              return (
                <Fragment key={rowKey(row)}>
                  <tr>
                    {columns.map((column) => (
                      <td key={column.key} className={cellClass(column)}>
                        {column.cell(row)}
                      </td>
                    ))}
                  </tr>
                  {below != null && (
                    <tr className="table__subrow">
                      <td colSpan={columns.length}>{below}</td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {page !== undefined && pageSize !== undefined && onPageChange && (
        <Pagination page={page} pageSize={pageSize} total={query.data.total} onPageChange={onPageChange} />
      )}
    </>
  );
}
