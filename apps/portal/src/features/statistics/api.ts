import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../lib/api-client';

/** Harbor's Statistic; totals and storage are 0 for non-admins. */
export interface Statistic {
  private_project_count: number;
  private_repo_count: number;
  public_project_count: number;
  public_repo_count: number;
  total_project_count: number;
  total_repo_count: number;
  total_storage_consumption: number;
}

export const statisticsQuery = () =>
  queryOptions({
    queryKey: ['statistics'] as const,
    queryFn: ({ signal }) => apiClient.get<Statistic>('/statistics', { signal }),
  });
