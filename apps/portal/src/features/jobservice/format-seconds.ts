import type { Translate } from '../../i18n/I18nProvider';

/** A queue's latency: seconds under a minute, then minutes, then hours (rounded down). */
export function formatSeconds(seconds: number, t: Translate): string {
  if (seconds < 60) return t('jobservice.seconds', { n: Math.max(0, Math.floor(seconds)) });
  if (seconds < 3600) return t('jobservice.minutes', { n: Math.floor(seconds / 60) });
  return t('jobservice.hours', { n: Math.floor(seconds / 3600) });
}
