import { ApiError, NETWORK_ERROR } from '../lib/api-error';
import type { Translate } from './I18nProvider';
import { englishMessages, type MessageKey } from './locales';

type ErrorKey = Extract<MessageKey, `error.${string}`>;

// A Harbor error code is "known" when en-US.json has an `error.<CODE>` text; adding one there is enough.
function errorKeyFor(code: string): ErrorKey | null {
  const key = `error.${code}`;
  return key in englishMessages ? (key as ErrorKey) : null;
}

/**
 * A message for the user, in their language. Known Harbor codes get the translated text; the server's
 * own (English) detail is appended when it adds something, e.g. which project name already exists.
 */
export function errorMessage(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('error.UNKNOWN');
  const key = errorKeyFor(error.code);
  if (!key) return error.message || t('error.UNKNOWN');
  const text = t(key);
  const detail = error.message.trim();
  // Skip details that only repeat the code ("not found") or are transport noise ("Failed to fetch").
  const redundant = !detail || detail.toLowerCase() === error.code.toLowerCase().replace(/_/g, ' ');
  return redundant || error.code === NETWORK_ERROR ? text : `${text} (${detail})`;
}
