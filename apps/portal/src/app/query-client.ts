import { hashKey, type QueryClient } from '@tanstack/react-query';
import { userKeys } from '../features/users/queries';
import { createQueryClient } from '../lib/query-client';

/**
 * The app's cache. When any request meets a 401 (session expired, logged out in another tab), the
 * current-user query is re-checked; its own 401 makes RequireAuth send the user to the sign-in page.
 */
export function createAppQueryClient(): QueryClient {
  const currentUserHash = hashKey(userKeys.current());
  const client: QueryClient = createQueryClient({
    onUnauthorized: (queryKey) => {
      // The current-user query reporting 401 is the answer itself; re-checking it would loop.
      if (queryKey && hashKey(queryKey) === currentUserHash) return;
      void client.invalidateQueries({ queryKey: userKeys.current(), exact: true });
    },
  });
  return client;
}
