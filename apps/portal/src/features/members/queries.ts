import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { projectKeys } from '../projects/queries';
import {
  addGroupMember,
  addMember,
  listMembers,
  removeMember,
  updateMemberRole,
  type MemberGroup,
} from './api';

type Params = { page: number; pageSize: number; entityname?: string };

export const memberKeys = {
  all: ['members'] as const,
  project: (projectId: number) => [...memberKeys.all, projectId] as const,
  list: (projectId: number, params: Params) => [...memberKeys.project(projectId), params] as const,
};

export const memberListQuery = (projectId: number, params: Params) =>
  queryOptions({
    queryKey: memberKeys.list(projectId, params),
    queryFn: ({ signal }) => listMembers(projectId, params, signal),
    placeholderData: keepPreviousData,
  });

/** Member changes alter the project's summary (counts per role) too. */
function useMemberMutation<T>(projectId: number, fn: (input: T) => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: memberKeys.project(projectId) });
      await queryClient.invalidateQueries({ queryKey: projectKeys.summary(String(projectId)) });
    },
  });
}

export const useAddMember = (projectId: number) =>
  useMemberMutation(projectId, ({ username, roleId }: { username: string; roleId: number }) =>
    addMember(projectId, username, roleId),
  );

export const useAddGroupMember = (projectId: number) =>
  useMemberMutation(projectId, ({ group, roleId }: { group: MemberGroup; roleId: number }) =>
    addGroupMember(projectId, group, roleId),
  );

export const useUpdateMemberRole = (projectId: number) =>
  useMemberMutation(projectId, ({ memberId, roleId }: { memberId: number; roleId: number }) =>
    updateMemberRole(projectId, memberId, roleId),
  );

export const useRemoveMember = (projectId: number) =>
  useMemberMutation(projectId, (memberId: number) => removeMember(projectId, memberId));
