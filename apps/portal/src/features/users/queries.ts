import { queryOptions } from '@tanstack/react-query';
import { getCurrentUser } from './api';

// Hierarchical keys: invalidating userKeys.all refreshes every user query; the admin list slots in below.
export const userKeys = {
  all: ['users'] as const,
  current: () => [...userKeys.all, 'current'] as const,
};

export const currentUserQuery = () =>
  queryOptions({
    queryKey: userKeys.current(),
    queryFn: ({ signal }) => getCurrentUser(signal),
    // The session decides who is signed in; re-check rarely, and never retry a 401.
    staleTime: 5 * 60_000,
  });
