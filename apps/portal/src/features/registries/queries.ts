import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createRegistry,
  deleteRegistry,
  listProviderInfos,
  listProviderTypes,
  listRegistries,
  updateRegistry,
} from './api';

export const registryKeys = {
  all: ['registries'] as const,
  list: () => [...registryKeys.all, 'list'] as const,
  providers: () => [...registryKeys.all, 'providers'] as const,
  providerInfos: () => [...registryKeys.all, 'provider-infos'] as const,
};

export const registryListQuery = () =>
  queryOptions({ queryKey: registryKeys.list(), queryFn: ({ signal }) => listRegistries(signal) });

export const providerTypesQuery = () =>
  queryOptions({
    queryKey: registryKeys.providers(),
    queryFn: ({ signal }) => listProviderTypes(signal),
    staleTime: Infinity,
  });

export const providerInfosQuery = () =>
  queryOptions({
    queryKey: registryKeys.providerInfos(),
    queryFn: ({ signal }) => listProviderInfos(signal),
    staleTime: Infinity,
  });

export function useRegistryChanges() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: registryKeys.list() });
  return {
    create: useMutation({ mutationFn: createRegistry, onSuccess: refresh }),
    update: useMutation({ mutationFn: updateRegistry, onSuccess: refresh }),
    remove: useMutation({ mutationFn: deleteRegistry, onSuccess: refresh }),
  };
}
