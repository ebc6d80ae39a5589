import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { listLogs, type LogParams } from './api';

export const logKeys = {
  all: ['logs'] as const,
  list: (projectName: string | undefined, params: LogParams) =>
    [...logKeys.all, projectName ?? '(system)', params] as const,
};

export const logListQuery = (projectName: string | undefined, params: LogParams) =>
  queryOptions({
    queryKey: logKeys.list(projectName, params),
    queryFn: ({ signal }) => listLogs(projectName, params, signal),
    placeholderData: keepPreviousData,
  });
