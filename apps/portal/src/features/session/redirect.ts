export const SIGN_IN_PATH = '/account/sign-in';
export const SIGN_UP_PATH = '/account/sign-up';
export const HOME_PATH = '/harbor/projects';

/**
 * Only follow redirect_url inside the authenticated area: a full URL here
 * would turn the sign-in page into an open redirect.
 */
export function safeRedirect(target: string | null): string {
  if (target && target.startsWith('/harbor/')) return target;
  return HOME_PATH;
}

export function signInPathFor(returnTo: string): string {
  if (returnTo === HOME_PATH || !returnTo.startsWith('/harbor/')) return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(returnTo)}`;
}
