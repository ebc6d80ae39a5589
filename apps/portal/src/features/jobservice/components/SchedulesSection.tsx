import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { SCHEDULER_QUEUE, type ScheduleTask } from '../api';
import { scheduleListQuery, schedulesPausedQuery, useQueueAction } from '../queries';

const PAGE_SIZE = 10;

/** Every schedule (GC, log rotation, policies...), and one switch that pauses or resumes them all. */
export function SchedulesSection() {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const schedules = useQuery(scheduleListQuery({ page, pageSize: PAGE_SIZE }));
  const paused = useQuery(schedulesPausedQuery());
  const act = useQueueAction();

  const columns: Column<ScheduleTask>[] = [
    { key: 'id', header: t('job.col_id'), cell: (task) => task.id },
    { key: 'type', header: t('jobservice.col_vendor_type'), cell: (task) => task.vendor_type },
    { key: 'vendor', header: t('jobservice.col_vendor_id'), cell: (task) => task.vendor_id },
    { key: 'cron', header: t('schedule.cron'), cell: (task) => <span className="mono">{task.cron}</span> },
    {
      key: 'updated',
      header: t('job.col_updated'),
      cell: (task) => formatDateTime(task.update_time, locale),
    },
  ];

  return (
    <section aria-label={t('jobservice.schedules')}>
      <div className="toolbar">
        <h2 className="section__title">{t('jobservice.schedules')}</h2>
        {paused.data !== undefined && (
          <span className={paused.data ? 'badge badge--private' : 'badge badge--public'}>
            {t(paused.data ? 'jobservice.schedules_paused' : 'jobservice.schedules_running')}
          </span>
        )}
        <span className="toolbar__spacer" />
        {paused.data !== undefined && (
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={act.isPending}
            onClick={() => act.mutate({ jobType: SCHEDULER_QUEUE, action: paused.data ? 'resume' : 'pause' })}
          >
            {t(paused.data ? 'jobservice.resume_schedules' : 'jobservice.pause_schedules')}
          </button>
        )}
      </div>
      {act.error ? <Alert>{errorMessage(act.error, t)}</Alert> : null}
      <DataTable
        query={schedules}
        columns={columns}
        rowKey={(task) => task.id}
        label={t('jobservice.schedules')}
        empty={<EmptyState title={t('jobservice.schedules_empty')} />}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </section>
  );
}
