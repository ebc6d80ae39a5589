import { useQuery } from '@tanstack/react-query';
import { QuotaBar } from '../../../components/QuotaBar';
import { projectSummaryQuery } from '../queries';

/** Storage used of the quota, from the project summary; nothing when the caller may not read the quota. */
export function QuotaUsage({ projectId }: { projectId: string }) {
  const summary = useQuery(projectSummaryQuery(projectId));
  const quota = summary.data?.quota;
  if (summary.isPending) return <span className="skeleton" style={{ width: '6rem' }} aria-hidden="true" />;
  if (!quota) return <span className="quota__text">—</span>;
  return <QuotaBar used={quota.used?.storage ?? 0} hard={quota.hard?.storage ?? -1} />;
}
