import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  changePassword,
  createUser,
  deleteUser,
  getCurrentUser,
  listUsers,
  resetPassword,
  searchUsers,
  setCliSecret,
  setSysAdmin,
  type UserListParams,
} from './api';

// Hierarchical keys: invalidating userKeys.all refreshes every user query.
export const userKeys = {
  all: ['users'] as const,
  current: () => [...userKeys.all, 'current'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (params: UserListParams) => [...userKeys.lists(), params] as const,
  search: (username: string) => [...userKeys.all, 'search', username] as const,
};

export const userSearchQuery = (username: string) =>
  queryOptions({
    queryKey: userKeys.search(username),
    queryFn: ({ signal }) => searchUsers(username, signal),
    enabled: username.length > 0,
    staleTime: 60_000,
  });

export const currentUserQuery = () =>
  queryOptions({
    queryKey: userKeys.current(),
    queryFn: ({ signal }) => getCurrentUser(signal),
    // The session decides who is signed in; re-check rarely, and never retry a 401.
    staleTime: 5 * 60_000,
    // App prefetches it at start-up; a 401 from there is the answer, not something to ask again on mount.
    retryOnMount: false,
  });

export const userListQuery = (params: UserListParams) =>
  queryOptions({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => listUsers(params, signal),
    placeholderData: keepPreviousData,
  });

function useUserListMutation<I>(fn: (input: I) => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
  });
}

export const useCreateUser = () => useUserListMutation(createUser);
export const useSetSysAdmin = () =>
  useUserListMutation(({ userId, sysadmin }: { userId: number; sysadmin: boolean }) =>
    setSysAdmin(userId, sysadmin),
  );
export const useResetPassword = () =>
  useUserListMutation(({ userId, password }: { userId: number; password: string }) =>
    resetPassword(userId, password),
  );
export const useDeleteUser = () => useUserListMutation(deleteUser);

export const useChangePassword = () =>
  useMutation({
    mutationFn: ({
      userId,
      oldPassword,
      newPassword,
    }: {
      userId: number;
      oldPassword: string;
      newPassword: string;
    }) => changePassword(userId, oldPassword, newPassword),
  });

/** A new CLI secret; the current user is read again since it carries the secret (oidc_user_meta). */
export function useSetCliSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, secret }: { userId: number; secret: string }) => setCliSecret(userId, secret),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.current() }),
  });
}
