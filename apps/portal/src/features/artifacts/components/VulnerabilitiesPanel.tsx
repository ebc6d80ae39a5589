import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SearchBox } from '../../../components/SearchBox';
import { useI18n } from '../../../i18n/I18nProvider';
import type { ArtifactLocation } from '../api';
import { vulnerabilitiesQuery } from '../queries';
import { vulnerabilitiesCsv, type Vulnerability } from '../scans';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

const matches = (v: Vulnerability, filter: string) =>
  [v.id, v.package, v.severity].some((field) => field.toLowerCase().includes(filter.toLowerCase()));

/** The artifact's findings: CVE with link, severity, package, installed and fixed version, description. */
export function VulnerabilitiesPanel({ at, digest }: { at: ArtifactLocation; digest: string }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const query = useQuery(vulnerabilitiesQuery(at, digest));
  const all = query.data ?? [];
  const shown = filter ? all.filter((v) => matches(v, filter)) : all;
  return (
    <div>
      <div className="toolbar">
        <span className="toolbar__spacer" />
        <SearchBox label={t('scan.filter')} value={filter} onChange={setFilter} />
        <button
          type="button"
          className="btn"
          disabled={all.length === 0}
          onClick={() => download(`${digest.slice(7, 19)}-vulnerabilities.csv`, vulnerabilitiesCsv(all))}
        >
          {t('scan.download_csv')}
        </button>
      </div>
      {query.isPending ? (
        <p>{t('app.loading')}</p>
      ) : all.length === 0 ? (
        <p className="quota__text">{t('scan.no_report')}</p>
      ) : (
        <table className="table" aria-label={t('scan.vulnerabilities')}>
          <thead>
            <tr>
              <th>{t('scan.col_cve')}</th>
              <th>{t('scan.col_severity')}</th>
              <th>{t('scan.col_package')}</th>
              <th>{t('scan.col_version')}</th>
              <th>{t('scan.col_fixed')}</th>
              <th>{t('scan.col_description')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((v) => (
              <tr key={`${v.id} ${v.package}`}>
                <td>
                  {v.links?.[0] ? (
                    <a href={v.links[0]} target="_blank" rel="noreferrer">
                      {v.id}
                    </a>
                  ) : (
                    v.id
                  )}
                </td>
                <td className={`severity--${v.severity.toLowerCase()}`}>{v.severity}</td>
                <td>{v.package}</td>
                <td className="mono">{v.version}</td>
                <td className="mono">{v.fix_version || '—'}</td>
                <td>{v.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
