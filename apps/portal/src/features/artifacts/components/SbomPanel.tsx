import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SearchBox } from '../../../components/SearchBox';
import { QueryError, TableSkeleton } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import type { ArtifactLocation } from '../api';
import { sbomQuery } from '../sbom-queries';
import { purlOf, sbomPackages, type SpdxDocument, type SpdxPackage } from '../sboms';

function download(name: string, document: SpdxDocument) {
  const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/spdx+json' });
  const url = URL.createObjectURL(blob);
  const link = Object.assign(window.document.createElement('a'), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

const matches = (pkg: SpdxPackage, filter: string) =>
  [pkg.name, pkg.versionInfo ?? '', pkg.licenseDeclared ?? ''].some((field) =>
    field.toLowerCase().includes(filter.toLowerCase()),
  );

/** The packages of an artifact's SBOM (name, version, license, purl) and a download of the SPDX JSON. */
export function SbomPanel({
  at,
  digest,
  sbomDigest,
}: {
  at: ArtifactLocation;
  digest: string;
  sbomDigest: string | undefined;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const query = useQuery({ ...sbomQuery(at, sbomDigest ?? ''), enabled: Boolean(sbomDigest) });
  if (!sbomDigest) return <p className="quota__text">{t('sbom.no_sbom')}</p>;
  if (query.isPending) return <TableSkeleton columns={4} rows={3} />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const all = sbomPackages(query.data);
  const shown = filter ? all.filter((pkg) => matches(pkg, filter)) : all;
  return (
    <div>
      <div className="toolbar">
        <span className="quota__text">{t('sbom.package_count', { count: all.length })}</span>
        <span className="toolbar__spacer" />
        <SearchBox label={t('sbom.filter')} value={filter} onChange={setFilter} />
        <button
          type="button"
          className="btn"
          onClick={() => download(`${digest.slice(7, 19)}.spdx.json`, query.data)}
        >
          {t('sbom.download')}
        </button>
      </div>
      <div className="table-wrap">
        <table className="table" aria-label={t('sbom.title')}>
          <thead>
            <tr>
              <th>{t('sbom.col_package')}</th>
              <th>{t('sbom.col_version')}</th>
              <th>{t('sbom.col_license')}</th>
              <th>{t('sbom.col_purl')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((pkg) => (
              <tr key={pkg.SPDXID}>
                <td>{pkg.name}</td>
                <td className="mono">{pkg.versionInfo ?? '—'}</td>
                <td>
                  {pkg.licenseDeclared && pkg.licenseDeclared !== 'NOASSERTION' ? pkg.licenseDeclared : '—'}
                </td>
                <td className="mono">{purlOf(pkg) ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
