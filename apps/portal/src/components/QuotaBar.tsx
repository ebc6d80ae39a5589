import { useI18n } from '../i18n/I18nProvider';
import { formatBytes } from '../lib/format';

/** Storage used of a quota as a meter; a hard limit below zero means unlimited, so only the usage shows. */
export function QuotaBar({ used, hard }: { used: number; hard: number }) {
  const { t } = useI18n();
  if (hard < 0) {
    return <span className="quota__text">{t('quota.used_unlimited', { used: formatBytes(used) })}</span>;
  }
  const percent = hard === 0 ? 100 : Math.min(100, (used / hard) * 100);
  return (
    <div className="quota">
      <div
        className="quota__bar"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-label={t('quota.label')}
      >
        <div className="quota__fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="quota__text">
        {t('quota.used_of', { used: formatBytes(used), hard: formatBytes(hard) })}
      </span>
    </div>
  );
}
