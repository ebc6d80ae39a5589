import type { MessageKey } from '../../i18n/locales';

/** Harbor's rules for a username (core checks them again): 1–255 characters, none of , " ~ # % $. */
export function onboardUsernameProblem(username: string): MessageKey | null {
  const name = username.trim();
  if (!name) return 'onboard.username_required';
  if (name.length > 255 || /[,"~#%$]/.test(name)) return 'onboard.username_invalid';
  return null;
}
