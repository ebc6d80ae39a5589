import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { createPolicy, deletePolicy, listPolicies, updatePolicy } from './api';

export const replicationKeys = {
  all: ['replication'] as const,
  policies: () => [...replicationKeys.all, 'policies'] as const,
};

export const policyListQuery = () =>
  queryOptions({ queryKey: replicationKeys.policies(), queryFn: ({ signal }) => listPolicies(signal) });

export function usePolicyChanges() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: replicationKeys.policies() });
  return {
    create: useMutation({ mutationFn: createPolicy, onSuccess: refresh }),
    update: useMutation({ mutationFn: updatePolicy, onSuccess: refresh }),
    remove: useMutation({ mutationFn: deletePolicy, onSuccess: refresh }),
  };
}
