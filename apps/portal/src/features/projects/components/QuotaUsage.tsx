import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatBytes } from '../../../lib/format';
import { projectSummaryQuery } from '../queries';

/** Storage used of the quota, from the project summary; nothing when the caller may not read the quota. */
export function QuotaUsage({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const summary = useQuery(projectSummaryQuery(projectId));
  const quota = summary.data?.quota;
  if (summary.isPending) return <span className="skeleton" style={{ width: '6rem' }} aria-hidden="true" />;
  if (!quota) return <span className="quota__text">—</span>;
  const used = quota.used?.storage ?? 0;
  const hard = quota.hard?.storage ?? -1;
  if (hard < 0) {
    return <span className="quota__text">{t('quota.used_unlimited', { used: formatBytes(used) })}</span>;
  }
  const percent = hard === 0 ? 100 : Math.min(100, (used / hard) * 100);
  return (
    <div className="quota">
      <div
        className="quota__bar"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-label={t('quota.label')}
      >
        <div className="quota__fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="quota__text">
        {t('quota.used_of', { used: formatBytes(used), hard: formatBytes(hard) })}
      </span>
    </div>
  );
}
