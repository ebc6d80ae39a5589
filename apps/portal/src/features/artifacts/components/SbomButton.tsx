import { Alert } from '../../../components/Alert';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { Artifact, ArtifactLocation } from '../api';
import { useSbomActions } from '../sbom-queries';
import { isGeneratingSbom, sbomOverviewOf } from '../sboms';

/** Generate an artifact's SBOM, or stop its running generation. */
export function SbomButton({ at, artifact }: { at: ArtifactLocation; artifact: Artifact }) {
  const { t } = useI18n();
  const { generate, stop } = useSbomActions(at);
  const running = isGeneratingSbom(sbomOverviewOf(artifact));
  const action = running ? stop : generate;
  return (
    <>
      <button
        type="button"
        className="btn btn--small"
        disabled={action.isPending}
        onClick={() => action.mutate(artifact.digest)}
      >
        {running ? t('sbom.stop') : t('sbom.generate')}
      </button>
      {action.isError && <Alert>{errorMessage(action.error, t)}</Alert>}
    </>
  );
}
