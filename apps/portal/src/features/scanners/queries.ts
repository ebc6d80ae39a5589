import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createScanner,
  deleteScanner,
  getScanAllMetrics,
  getScanAllSchedule,
  listScanners,
  saveScanAllSchedule,
  scanAllNow,
  setDefaultScanner,
} from './api';

export const scannerKeys = {
  all: ['scanners'] as const,
  list: () => [...scannerKeys.all, 'list'] as const,
  scanAll: () => [...scannerKeys.all, 'scan-all'] as const,
  scanAllSchedule: () => [...scannerKeys.all, 'scan-all-schedule'] as const,
};

export const scanAllScheduleQuery = () =>
  queryOptions({
    queryKey: scannerKeys.scanAllSchedule(),
    queryFn: ({ signal }) => getScanAllSchedule(signal),
  });

export const scannerListQuery = () =>
  queryOptions({ queryKey: scannerKeys.list(), queryFn: ({ signal }) => listScanners(signal) });

/** The newest scan-all run; polled while it runs so the numbers move. */
export const scanAllQuery = () =>
  queryOptions({
    queryKey: scannerKeys.scanAll(),
    queryFn: ({ signal }) => getScanAllMetrics(signal),
    refetchInterval: (query) => (query.state.data?.ongoing ? 2000 : false),
  });

export function useScannerChanges() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: scannerKeys.all });
  return {
    create: useMutation({ mutationFn: createScanner, onSuccess: refresh }),
    setDefault: useMutation({ mutationFn: setDefaultScanner, onSuccess: refresh }),
    remove: useMutation({ mutationFn: deleteScanner, onSuccess: refresh }),
    scanAll: useMutation({ mutationFn: scanAllNow, onSuccess: refresh }),
    saveSchedule: useMutation({ mutationFn: saveScanAllSchedule, onSuccess: refresh }),
  };
}
