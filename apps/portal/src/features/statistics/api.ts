import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../lib/api-client';
import type { ApiModel, Schemas } from '../../lib/api-types';

export type Statistic = ApiModel<'Statistic', keyof Schemas['Statistic']>;

export const statisticsQuery = () =>
  queryOptions({
    queryKey: ['statistics'] as const,
    queryFn: ({ signal }) => apiClient.get<Statistic>('/statistics', { signal }),
  });
