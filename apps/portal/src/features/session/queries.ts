import { useMutation, useQueryClient } from '@tanstack/react-query';
import { onboardOidcUser, signIn, signOut } from './api';
import { userKeys } from '../users/queries';

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    // A cached 401 for the current user would bounce us straight back to the sign-in page.
    onSuccess: () => queryClient.removeQueries({ queryKey: userKeys.current() }),
  });
}

/** `onSignedOut` should leave the authenticated area; the cache is dropped right after it. */
export function useSignOut(onSignedOut: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      onSignedOut();
      // Nothing fetched as the previous user may be shown to the next one.
      queryClient.clear();
    },
  });
}

/** The username form after an OIDC sign-in; success means a session, so drop any cached 401. */
export function useOidcOnboard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: onboardOidcUser,
    onSuccess: () => queryClient.removeQueries({ queryKey: userKeys.current() }),
  });
}
