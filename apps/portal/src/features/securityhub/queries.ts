import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { getSecuritySummary, listVulnerabilities } from './api';

export const securityHubKeys = {
  all: ['security-hub'] as const,
  summary: () => [...securityHubKeys.all, 'summary'] as const,
  list: (params: { page: number; pageSize: number; cveId?: string }) =>
    [...securityHubKeys.all, 'list', params] as const,
};

export const securitySummaryQuery = () =>
  queryOptions({ queryKey: securityHubKeys.summary(), queryFn: ({ signal }) => getSecuritySummary(signal) });

export const vulnerabilityListQuery = (params: { page: number; pageSize: number; cveId?: string }) =>
  queryOptions({
    queryKey: securityHubKeys.list(params),
    queryFn: ({ signal }) => listVulnerabilities(params, signal),
    placeholderData: keepPreviousData,
  });
