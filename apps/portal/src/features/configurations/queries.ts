import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { systemInfoKeys } from '../systeminfo/queries';
import {
  getConfigurations,
  getSystemAllowlist,
  pingLdap,
  pingOidc,
  updateConfigurations,
  updateSystemAllowlist,
} from './api';

// Hierarchical keys: invalidating configurationKeys.all refreshes every configuration query.
export const configurationKeys = {
  all: ['configurations'] as const,
  settings: () => [...configurationKeys.all, 'settings'] as const,
  allowlist: () => [...configurationKeys.all, 'cve-allowlist'] as const,
};

export const configurationsQuery = () =>
  queryOptions({
    queryKey: configurationKeys.settings(),
    queryFn: ({ signal }) => getConfigurations(signal),
  });

export const systemAllowlistQuery = () =>
  queryOptions({
    queryKey: configurationKeys.allowlist(),
    queryFn: ({ signal }) => getSystemAllowlist(signal),
  });

/** Saving settings can change what /systeminfo reports (auth mode, self-registration, read only). */
export function useUpdateConfigurations() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateConfigurations,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: configurationKeys.settings() });
      await queryClient.invalidateQueries({ queryKey: systemInfoKeys.all });
    },
  });
}

export function useUpdateSystemAllowlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSystemAllowlist,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: configurationKeys.allowlist() }),
  });
}

/** "Test LDAP Server": the answer is data (success or the reason), not cached. */
export const useLdapPing = () => useMutation({ mutationFn: pingLdap });

/** "Test OIDC Server": success or the reason, never cached. */
export const useOidcPing = () => useMutation({ mutationFn: pingOidc });
