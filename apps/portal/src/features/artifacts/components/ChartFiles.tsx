import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Spinner } from '../../../components/Spinner';
import { QueryError } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import type { ArtifactLocation, ChartFile } from '../api';
import { chartFileQuery } from '../queries';

const FILES: ChartFile[] = ['values.yaml', 'readme.md'];

/** A Helm chart's values.yaml and readme.md (Harbor's chart additions), one at a time, as text. */
export function ChartFiles({ at, digest }: { at: ArtifactLocation; digest: string }) {
  const { t } = useI18n();
  const [file, setFile] = useState<ChartFile>('values.yaml');
  const content = useQuery(chartFileQuery(at, digest, file));
  return (
    <>
      <div className="tabs" role="tablist" aria-label={t('artifact.chart_files')}>
        {FILES.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={name === file}
            className={name === file ? 'tabs__link active' : 'tabs__link'}
            onClick={() => setFile(name)}
          >
            {name}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={file}>
        {content.isPending ? (
          <Spinner label={t('app.loading')} />
        ) : content.isError ? (
          <QueryError error={content.error} onRetry={() => void content.refetch()} />
        ) : content.data.trim() ? (
          <pre className="chart-file">{content.data}</pre>
        ) : (
          <p className="quota__text">{t('artifact.chart_file_empty', { file })}</p>
        )}
      </div>
    </>
  );
}
