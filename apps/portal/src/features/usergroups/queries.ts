import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createUserGroup,
  deleteUserGroup,
  listUserGroups,
  renameUserGroup,
  searchUserGroups,
  type UserGroupListParams,
} from './api';

// Hierarchical keys: invalidating userGroupKeys.all refreshes lists and searches alike.
export const userGroupKeys = {
  all: ['usergroups'] as const,
  lists: () => [...userGroupKeys.all, 'list'] as const,
  list: (params: UserGroupListParams) => [...userGroupKeys.lists(), params] as const,
  search: (groupName: string) => [...userGroupKeys.all, 'search', groupName] as const,
};

export const userGroupListQuery = (params: UserGroupListParams) =>
  queryOptions({
    queryKey: userGroupKeys.list(params),
    queryFn: ({ signal }) => listUserGroups(params, signal),
    placeholderData: keepPreviousData,
  });

export const userGroupSearchQuery = (groupName: string) =>
  queryOptions({
    queryKey: userGroupKeys.search(groupName),
    queryFn: ({ signal }) => searchUserGroups(groupName, signal),
    enabled: groupName.length > 0,
    staleTime: 60_000,
  });

function useUserGroupMutation<I>(fn: (input: I) => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userGroupKeys.all }),
  });
}

export const useCreateUserGroup = () => useUserGroupMutation(createUserGroup);
export const useRenameUserGroup = () =>
  useUserGroupMutation(({ id, groupName }: { id: number; groupName: string }) =>
    renameUserGroup(id, groupName),
  );
export const useDeleteUserGroup = () => useUserGroupMutation(deleteUserGroup);
