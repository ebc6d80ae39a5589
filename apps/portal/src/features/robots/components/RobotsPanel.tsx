import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, QueryError, TableSkeleton } from '../../../components/States';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import type { Robot, RobotScope } from '../api';
import { robotListQuery, useDeleteRobot, useRefreshRobotSecret, useSetRobotDisabled } from '../queries';
import { CreateRobotDialog } from './CreateRobotDialog';
import { SecretDialog } from './SecretDialog';

const PAGE_SIZE = 15;

function expiry(robot: Robot, locale: string, never: string): string {
  if (robot.expires_at === -1 || robot.duration === -1) return never;
  return formatDateTime(new Date(robot.expires_at * 1000).toISOString(), locale);
}

/** Robot accounts of a project or of the system: create (secret shown once), refresh, disable, delete. */
export function RobotsPanel({ scope, canManage }: { scope: RobotScope; canManage: boolean }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<Robot | null>(null);
  const [refreshing, setRefreshing] = useState<Robot | null>(null);
  const robots = useQuery(robotListQuery(scope, page, PAGE_SIZE));
  const refresh = useRefreshRobotSecret(scope);
  const remove = useDeleteRobot(scope);
  const toggle = useSetRobotDisabled(scope);

  const permissionSummary = (robot: Robot) =>
    robot.permissions.flatMap((p) => p.access.map((a) => `${a.resource}:${a.action}`)).join(', ');

  let body;
  if (robots.isPending) body = <TableSkeleton columns={5} />;
  else if (robots.isError) body = <QueryError error={robots.error} onRetry={() => void robots.refetch()} />;
  else if (robots.data.items.length === 0)
    body = (
      <EmptyState title={t('robots.empty_title')}>
        <p>{canManage ? t('robots.empty_hint') : ''}</p>
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('robots.col_name')}</th>
                <th>{t('robots.col_status')}</th>
                <th>{t('robots.col_permissions')}</th>
                <th>{t('robots.col_expires')}</th>
                <th>{t('robots.col_description')}</th>
                {canManage && <th className="table__actions">{t('app.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {robots.data.items.map((robot) => (
                <tr key={robot.id}>
                  <td className="mono">{robot.name}</td>
                  <td>
                    {robot.disable ? (
                      <span className="badge badge--danger">{t('robots.disabled')}</span>
                    ) : (
                      <span className="badge badge--public">{t('robots.enabled')}</span>
                    )}
                  </td>
                  <td className="quota__text" style={{ maxWidth: '16rem' }}>
                    {permissionSummary(robot)}
                  </td>
                  <td>{expiry(robot, locale, t('robots.never'))}</td>
                  <td>{robot.description || '—'}</td>
                  {canManage && (
                    <td className="table__actions">
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
                      <button
                        type="button"
                        className="btn btn--link danger"
                        onClick={() => setDeleting(robot)}
                      >
                        {t('app.delete')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pageSize={PAGE_SIZE} total={robots.data.total} onPageChange={setPage} />
      </>
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
        open={deleting !== null}
        title={t('robots.delete_title')}
        message={t('robots.delete_confirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('app.delete')}
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) });
        }}
      />
    </>
  );
}
