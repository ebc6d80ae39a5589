import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { DataTable, type Column } from './DataTable';
import { EXECUTION_PAGE_SIZE, type PagedQuery } from './ExecutionTable';

interface TaskTableProps<T extends { id: number }, K extends QueryKey> {
  query: PagedQuery<T, K>;
  columns: Column<T>[];
  /** The section's accessible name ("Tasks of run 7"). */
  title: string;
  /** The class of a heading showing the title; no heading without it. */
  headingClass?: string;
  className?: string;
  empty: ReactNode;
  /** Above the table (replication's per-status task counts). */
  summary?: ReactNode;
  /** The run's status: when it changes the tasks are read once more, for their final state. */
  executionStatus: string;
}

/** A run's tasks, a page at a time, under the run's row. */
export function TaskTable<T extends { id: number }, K extends QueryKey>(props: TaskTableProps<T, K>) {
  const [page, setPage] = useState(1);
  const tasks = useQuery(props.query({ page, pageSize: EXECUTION_PAGE_SIZE }));
  // The run's last poll may come before its tasks' final state: read them once more when it ends.
  const status = useRef(props.executionStatus);
  const { refetch } = tasks;
  useEffect(() => {
    if (status.current === props.executionStatus) return;
    status.current = props.executionStatus;
    void refetch();
  }, [props.executionStatus, refetch]);
  return (
    <section className={props.className} aria-label={props.title}>
      {props.headingClass && <h4 className={props.headingClass}>{props.title}</h4>}
      {props.summary}
      <DataTable
        query={tasks}
        columns={props.columns}
        rowKey={(task) => task.id}
        label={props.title}
        empty={props.empty}
        page={page}
        pageSize={EXECUTION_PAGE_SIZE}
        onPageChange={setPage}
      />
    </section>
  );
}

/** The link to a task's log, opened in a new tab as Harbor's portal does. */
export function TaskLogLink({ href, label }: { href: string; label: string }) {
  const { t } = useI18n();
  return (
    <a className="btn btn--link" href={href} target="_blank" rel="noopener noreferrer" aria-label={label}>
      {t('job.log')}
    </a>
  );
}
