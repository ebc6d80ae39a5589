import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/I18nProvider';
import { formatBytes } from '../../lib/format';
import { statisticsQuery } from './api';

/** Harbor's counters above the project list; renders nothing until (or unless) they load. */
export function StatisticsBar({ admin }: { admin: boolean }) {
  const { t } = useI18n();
  const stats = useQuery(statisticsQuery());
  if (!stats.data) return null;
  const s = stats.data;
  const items: [string, string | number][] = [
    [t('stats.private_projects'), s.private_project_count],
    [t('stats.private_repos'), s.private_repo_count],
    [t('stats.public_projects'), s.public_project_count],
    [t('stats.public_repos'), s.public_repo_count],
  ];
  if (admin) {
    items.push(
      [t('stats.total_projects'), s.total_project_count],
      [t('stats.storage'), formatBytes(s.total_storage_consumption)],
    );
  }
  return (
    <dl className="stats-bar card" aria-label={t('stats.label')}>
      {items.map(([label, value]) => (
        <div key={label} className="stats-bar__item">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
