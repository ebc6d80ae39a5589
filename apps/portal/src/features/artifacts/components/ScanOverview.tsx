import { useI18n } from '../../../i18n/I18nProvider';
import { isScanning, SEVERITY_ORDER, type ScanSummary } from '../scans';

/** The Vulnerabilities cell: status while scanning or failed, else counts per severity with a bar. */
export function ScanOverview({ summary }: { summary: ScanSummary | undefined }) {
  const { t } = useI18n();
  if (!summary) return <span className="quota__text">{t('scan.not_scanned')}</span>;
  if (isScanning(summary)) return <span className="quota__text">{t('scan.scanning')}</span>;
  if (summary.scan_status !== 'Success')
    return (
      <span className="scan-status--failed">{t('scan.status', { status: summary.scan_status ?? '' })}</span>
    );
  const counts = summary.summary?.summary ?? {};
  const total = summary.summary?.total ?? 0;
  if (total === 0) return <span className="scan-status--clean">{t('scan.no_vulnerabilities')}</span>;
  const present = SEVERITY_ORDER.filter((severity) => (counts[severity] ?? 0) > 0);
  return (
    <span
      className="scan-overview"
      title={t('scan.fixable', { fixable: summary.summary?.fixable ?? 0, total })}
    >
      <span className="scan-bar" aria-hidden="true">
        {present.map((severity) => (
          <span
            key={severity}
            className={`scan-bar__part severity--${severity.toLowerCase()}`}
            style={{ flexGrow: counts[severity] }}
          />
        ))}
      </span>
      <span>
        {present
          .map(
            (severity) =>
              `${t(`scan.severity_${severity.toLowerCase()}` as 'scan.severity_high')} ${counts[severity]}`,
          )
          .join(' · ')}
      </span>
    </span>
  );
}
