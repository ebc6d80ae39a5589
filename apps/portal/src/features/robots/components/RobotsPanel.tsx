import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useConfirm } from '../../../components/use-confirm';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { useUrlSort, useUrlState } from '../../../lib/use-url-state';
import type { Robot, RobotScope } from '../api';
import { robotListQuery, useDeleteRobot, useRefreshRobotSecret, useSetRobotDisabled } from '../queries';
import { CreateRobotDialog } from './CreateRobotDialog';
import { SecretDialog } from './SecretDialog';

const PAGE_SIZE = 15;
// Core's sortable robot fields shown as columns.
const SORT_FIELDS = ['name', 'expires_at'];

function expiry(robot: Robot, locale: string, never: string): string {
  if (robot.expires_at === -1 || robot.duration === -1) return never;
  return formatDateTime(new Date(robot.expires_at * 1000).toISOString(), locale);
}

/** Robot accounts of a project or of the system: create (secret shown once), refresh, disable, delete. */
export function RobotsPanel({ scope, canManage }: { scope: RobotScope; canManage: boolean }) {
  const { t, locale } = useI18n();
  const { page, setPage } = useUrlState();
  const { sort, setSort } = useUrlSort(SORT_FIELDS);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [refreshing, setRefreshing] = useState<Robot | null>(null);
  const robots = useQuery(robotListQuery(scope, { page, pageSize: PAGE_SIZE, sort }));
  const refresh = useRefreshRobotSecret(scope);
  const remove = useDeleteRobot(scope);
  const deleting = useConfirm(remove, (robot: Robot) => robot.id);
  const toggle = useSetRobotDisabled(scope);

  const permissionSummary = (robot: Robot) =>
    robot.permissions.flatMap((p) => p.access.map((a) => `${a.resource}:${a.action}`)).join(', ');

  const columns: Column<Robot>[] = [
    {
      key: 'name',
      header: t('robots.col_name'),
      sortField: 'name',
      cell: (robot) => <span className="mono">{robot.name}</span>,
    },
    {
      key: 'status',
      header: t('robots.col_status'),
      cell: (robot) =>
        robot.disable ? (
          <span className="badge badge--danger">{t('robots.disabled')}</span>
        ) : (
          <span className="badge badge--public">{t('robots.enabled')}</span>
        ),
    },
    {
      key: 'permissions',
      header: t('robots.col_permissions'),
      cell: (robot) => (
        <span className="quota__text" style={{ display: 'block', maxWidth: '16rem' }}>
          {permissionSummary(robot)}
        </span>
      ),
    },
    {
      key: 'expires',
      header: t('robots.col_expires'),
      sortField: 'expires_at',
      cell: (robot) => expiry(robot, locale, t('robots.never')),
    },
    { key: 'description', header: t('robots.col_description'), cell: (robot) => robot.description || '—' },
  ];
  if (canManage)
    columns.push({
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (robot) => (
        <>
          <button type="button" className="btn btn--link" onClick={() => setRefreshing(robot)}>
            {t('robots.refresh')}
          </button>
          <button
            type="button"
            className="btn btn--link"
            disabled={toggle.isPending}
            onClick={() => toggle.mutate({ robot, disable: !robot.disable })}
          >
            {robot.disable ? t('robots.enable') : t('robots.disable')}
          </button>
          <button type="button" className="btn btn--link danger" onClick={() => deleting.ask(robot)}>
            {t('app.delete')}
          </button>
        </>
      ),
    });
  const body = (
    <DataTable
      query={robots}
      columns={columns}
      rowKey={(robot) => robot.id}
      empty={
        <EmptyState title={t('robots.empty_title')}>
          <p>{canManage ? t('robots.empty_hint') : ''}</p>
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
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            {t('robots.new')}
          </button>
        </div>
      )}
      {toggle.isError && <Alert>{errorMessage(toggle.error, t)}</Alert>}
      {body}
      <CreateRobotDialog
        scope={scope}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => setSecret({ name: created.name, secret: created.secret })}
      />
      <SecretDialog robot={secret} onClose={() => setSecret(null)} />
      <ConfirmDialog
        open={refreshing !== null}
        title={t('robots.refresh_title')}
        message={t('robots.refresh_confirm', { name: refreshing?.name ?? '' })}
        confirmLabel={t('robots.refresh')}
        pending={refresh.isPending}
        error={refresh.error}
        onClose={() => {
          setRefreshing(null);
          refresh.reset();
        }}
        onConfirm={() => {
          const robot = refreshing;
          if (!robot) return;
          refresh.mutate(robot.id, {
            onSuccess: (result) => {
              setRefreshing(null);
              setSecret({ name: robot.name, secret: result.secret });
            },
          });
        }}
      />
      <ConfirmDialog
        {...deleting.dialog}
        title={t('robots.delete_title')}
        message={t('robots.delete_confirm', { name: deleting.target?.name ?? '' })}
        confirmLabel={t('app.delete')}
      />
    </>
  );
}
