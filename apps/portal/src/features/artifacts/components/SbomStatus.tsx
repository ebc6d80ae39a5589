import { useI18n } from '../../../i18n/I18nProvider';
import { isGeneratingSbom, type SbomOverview } from '../sboms';

/** The SBOM cell: not generated, generating, failed, or generated. */
export function SbomStatus({ overview }: { overview: SbomOverview | undefined }) {
  const { t } = useI18n();
  if (!overview) return <span className="quota__text">{t('sbom.not_generated')}</span>;
  if (isGeneratingSbom(overview)) return <span className="quota__text">{t('sbom.generating')}</span>;
  if (overview.scan_status !== 'Success')
    return (
      <span className="scan-status--failed">{t('sbom.status', { status: overview.scan_status ?? '' })}</span>
    );
  return <span className="scan-status--clean">{t('sbom.generated')}</span>;
}
