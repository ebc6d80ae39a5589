import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createRobot,
  deleteRobot,
  getRobotPermissionLists,
  listRobots,
  refreshRobotSecret,
  setRobotDisabled,
  type Robot,
  type RobotListParams,
  type RobotScope,
} from './api';

const scopeKey = (scope: RobotScope) => (scope.level === 'project' ? `project-${scope.projectId}` : 'system');

export const robotKeys = {
  all: ['robots'] as const,
  scope: (scope: RobotScope) => [...robotKeys.all, scopeKey(scope)] as const,
  list: (scope: RobotScope, params: RobotListParams) => [...robotKeys.scope(scope), params] as const,
};

export const robotListQuery = (scope: RobotScope, params: RobotListParams) =>
  queryOptions({
    queryKey: robotKeys.list(scope, params),
    queryFn: ({ signal }) => listRobots(scope, params, signal),
    placeholderData: keepPreviousData,
  });

/** The lists only change with a Harbor upgrade: fetched once per session. */
export const robotPermissionListsQuery = () =>
  queryOptions({
    queryKey: [...robotKeys.all, 'permission-lists'] as const,
    queryFn: ({ signal }) => getRobotPermissionLists(signal),
    staleTime: Infinity,
  });

function useRobotMutation<I, O>(scope: RobotScope, fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: robotKeys.scope(scope) }),
  });
}

export const useCreateRobot = (scope: RobotScope) => useRobotMutation(scope, createRobot);
export const useRefreshRobotSecret = (scope: RobotScope) => useRobotMutation(scope, refreshRobotSecret);
export const useDeleteRobot = (scope: RobotScope) => useRobotMutation(scope, deleteRobot);
export const useSetRobotDisabled = (scope: RobotScope) =>
  useRobotMutation(scope, ({ robot, disable }: { robot: Robot; disable: boolean }) =>
    setRobotDisabled(robot, disable),
  );
