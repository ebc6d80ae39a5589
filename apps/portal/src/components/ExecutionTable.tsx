import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { ListPage } from '../lib/api-client';
import { DataTable, type Column } from './DataTable';

/** Executions and tasks are listed ten to a page, as Harbor's portal does. */
export const EXECUTION_PAGE_SIZE = 10;

export interface PageParams {
  page: number;
  pageSize: number;
}

/** A page of a list, as a `queryOptions` factory of a feature's `queries.ts` builds it. */
export type PagedQuery<T, K extends QueryKey> = (
  params: PageParams,
) => UseQueryOptions<ListPage<T>, Error, ListPage<T>, K>;

interface ExecutionTableProps<E extends { id: number }, K extends QueryKey> {
  query: PagedQuery<E, K>;
  /** The columns before the actions column. */
  columns: Column<E>[];
  label: string;
  empty: ReactNode;
  /** The button that opens a run's tasks ("Details", "Tasks") and its accessible name. */
  detailsText: string;
  detailsLabel: (execution: E) => string;
  /** More row actions after the details button (Stop). */
  actions?: (execution: E) => ReactNode;
  /** The open run's tasks, under its row. */
  tasks: (execution: E) => ReactNode;
  /** The toolbar's start (a title, Run buttons); Refresh is at its end. */
  toolbar?: ReactNode;
  /** Between the toolbar and the table (an error from the toolbar's buttons). */
  notice?: ReactNode;
}

/**
 * A job's runs, newest first, a page at a time: the toolbar with Refresh, then one row per run whose
 * details button opens its tasks under it (one open at a time).
 */
export function ExecutionTable<E extends { id: number }, K extends QueryKey>(
  props: ExecutionTableProps<E, K>,
) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const executions = useQuery(props.query({ page, pageSize: EXECUTION_PAGE_SIZE }));
  const columns: Column<E>[] = [
    ...props.columns,
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (execution) => (
        <>
          <button
            type="button"
            className="btn btn--link"
            aria-expanded={execution.id === openId}
            aria-label={props.detailsLabel(execution)}
            onClick={() => setOpenId(execution.id === openId ? null : execution.id)}
          >
            {props.detailsText}
          </button>
          {props.actions?.(execution)}
        </>
      ),
    },
  ];
  return (
    <>
      <div className="toolbar">
        {props.toolbar}
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => void executions.refetch()}
        >
          {t('job.refresh')}
        </button>
      </div>
      {props.notice}
      <DataTable
        query={executions}
        columns={columns}
        rowKey={(execution) => execution.id}
        label={props.label}
        empty={props.empty}
        page={page}
        pageSize={EXECUTION_PAGE_SIZE}
        onPageChange={setPage}
        subRow={(execution) => (execution.id === openId ? props.tasks(execution) : null)}
      />
    </>
  );
}
