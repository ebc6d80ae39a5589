import { queryOptions } from '@tanstack/react-query';
import { getSystemInfo } from './api';

export const systemInfoKeys = {
  all: ['systeminfo'] as const,
  general: () => [...systemInfoKeys.all, 'general'] as const,
};

export const systemInfoQuery = () =>
  queryOptions({
    queryKey: systemInfoKeys.general(),
    queryFn: ({ signal }) => getSystemInfo(signal),
    staleTime: 10 * 60_000,
  });
