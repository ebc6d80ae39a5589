import { useQuery } from '@tanstack/react-query';
import { QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { ApiError } from '../../../lib/api-error';
import { formatDateTime } from '../../../lib/format';
import type { ArtifactLocation } from '../api';
import { buildHistoryQuery } from '../queries';

/** Layers and build steps of an image, from the build_history addition (the image config's history). */
export function BuildHistory({ at, digest }: { at: ArtifactLocation; digest: string }) {
  const { t, locale } = useI18n();
  const history = useQuery(buildHistoryQuery(at, digest));
  if (history.isPending) return <TableSkeleton columns={3} rows={3} />;
  if (history.isError) {
    // Artifacts without a config history (not an image) answer 404.
    if (history.error instanceof ApiError && history.error.status === 404)
      return <p>{t('artifact.no_history')}</p>;
    return <QueryError error={history.error} onRetry={() => void history.refetch()} />;
  }
  if (history.data.length === 0) return <p>{t('artifact.no_history')}</p>;
  let layer = 0;
  const rows = history.data.map((step) => ({ step, layer: step.empty_layer ? null : ++layer }));
  return (
    <>
      <p className="quota__text">{t('artifact.layer_count', { count: layer })}</p>
      <div className="table-wrap">
        <table className="table" aria-label={t('artifact.build_history')}>
          <thead>
            <tr>
              <th className="table__num">{t('artifact.col_layer')}</th>
              <th>{t('artifact.col_created')}</th>
              <th>{t('artifact.col_command')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ step, layer: index }, row) => (
              <tr key={row}>
                <td className="table__num">
                  {index ?? <span className="quota__text">{t('artifact.empty_layer')}</span>}
                </td>
                <td>{formatDateTime(step.created, locale)}</td>
                <td>
                  <code className="mono history-command">{step.created_by ?? step.comment ?? '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
