import { useQuery } from '@tanstack/react-query';
import { QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { projectSummaryQuery } from '../queries';
import { useProjectContext } from './ProjectPage';
import { QuotaUsage } from './QuotaUsage';

export default function SummaryTab() {
  const { t } = useI18n();
  const { project } = useProjectContext();
  const summary = useQuery(projectSummaryQuery(String(project.project_id)));
  if (summary.isPending) return <TableSkeleton columns={3} rows={3} />;
  if (summary.isError) return <QueryError error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const members: [string, number | undefined][] = [
    [t('role.project_admin'), s.project_admin_count],
    [t('role.maintainer'), s.maintainer_count],
    [t('role.developer'), s.developer_count],
    [t('role.guest'), s.guest_count],
    [t('role.limited_guest'), s.limited_guest_count],
  ];
  return (
    <div className="stat-grid">
      <div className="card stat">
        <p className="stat__label">{t('summary.repositories')}</p>
        <p className="stat__value">{s.repo_count ?? 0}</p>
      </div>
      <div className="card stat">
        <p className="stat__label">{t('summary.members')}</p>
        <dl className="stat__list">
          {members.map(([label, count]) => (
            <div key={label} style={{ display: 'contents' }}>
              <dt>{label}</dt>
              <dd>{count ?? 0}</dd>
            </div>
          ))}
        </dl>
      </div>
      {s.registry && (
        <div className="card stat">
          <p className="stat__label">{t('summary.proxy_cache')}</p>
          <p>{`${s.registry.name ?? ''} (${s.registry.url ?? ''})`}</p>
        </div>
      )}
      {s.quota && (
        <div className="card stat">
          <p className="stat__label">{t('summary.quota')}</p>
          <div style={{ marginTop: '0.75rem' }}>
            <QuotaUsage projectId={String(project.project_id)} />
          </div>
        </div>
      )}
    </div>
  );
}
