export const SIGN_IN_PATH = '/account/sign-in';
export const SIGN_UP_PATH = '/account/sign-up';
export const HOME_PATH = '/harbor/projects';
/** Where core sends a first-time OIDC user when auto onboarding is off. */
export const OIDC_ONBOARD_PATH = '/oidc-onboard';
/** Core's OIDC sign-out: a full page load, as it may continue at the provider. */
export const OIDC_LOGOUT_PATH = '/c/oidc/logout';

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

/**
 * A path on this instance (one leading slash, no backslash, which browsers read as a slash), else the
 * landing page: what core accepts as an OIDC redirect_url and where onboarding may continue to.
 */
export function localPath(target: string | null): string {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return HOME_PATH;
  // Browsers drop tabs and newlines from URLs ("/\t/evil.example" is "//evil.example").
  if (target.includes('\\') || /[\u0000-\u001f\u007f]/.test(target)) return HOME_PATH;
  return target;
}

/** Core's OIDC sign-in, a full page load to the provider, coming back to `returnTo` afterwards. */
export function oidcLoginPath(returnTo: string): string {
  return `/c/oidc/login?redirect_url=${encodeURIComponent(localPath(returnTo))}`;
}
