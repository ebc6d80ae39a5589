import { Alert } from '../../../components/Alert';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { Artifact, ArtifactLocation } from '../api';
import { useScanActions } from '../queries';
import { isScanning, scanOverviewOf } from '../scans';

/** Scan an artifact, or stop its running scan. */
export function ScanButton({ at, artifact }: { at: ArtifactLocation; artifact: Artifact }) {
  const { t } = useI18n();
  const { scan, stop } = useScanActions(at);
  const running = isScanning(scanOverviewOf(artifact));
  const action = running ? stop : scan;
  return (
    <>
      <button
        type="button"
        className="btn btn--small"
        disabled={action.isPending}
        onClick={() => action.mutate(artifact.digest)}
      >
        {running ? t('scan.stop') : t('scan.scan')}
      </button>
      {action.isError && <Alert>{errorMessage(action.error, t)}</Alert>}
    </>
  );
}
