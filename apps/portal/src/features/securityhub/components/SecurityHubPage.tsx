import { useQuery } from '@tanstack/react-query';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { SearchBox } from '../../../components/SearchBox';
import { useI18n } from '../../../i18n/I18nProvider';
import { shortDigest } from '../../../lib/format';
import { useUrlSearch, useUrlState } from '../../../lib/use-url-state';
import type { VulnerabilityItem } from '../api';
import { securitySummaryQuery, vulnerabilityListQuery } from '../queries';
import '../../../components/ui.css';

const PAGE_SIZE = 15;
const COUNTS = ['critical_cnt', 'high_cnt', 'medium_cnt', 'low_cnt', 'unknown_cnt'] as const;

/** Administration › Security Hub: the system's findings by the default scanner, and the list of them. */
export default function SecurityHubPage() {
  const { t } = useI18n();
  const summary = useQuery(securitySummaryQuery());
  const { page, setPage } = useUrlState();
  const { input, setInput, value: cveId } = useUrlSearch('cve');
  const list = useQuery(vulnerabilityListQuery({ page, pageSize: PAGE_SIZE, cveId: cveId || undefined }));
  const data = summary.data;
  const columns: Column<VulnerabilityItem>[] = [
    { key: 'cve', header: t('scan.col_cve'), cell: (v) => v.cve_id },
    { key: 'repository', header: t('hub.col_repository'), cell: (v) => v.repository_name },
    {
      key: 'digest',
      header: t('artifacts.col_digest'),
      cell: (v) => <span className="mono">{shortDigest(v.digest ?? '')}</span>,
    },
    { key: 'tags', header: t('artifacts.col_tags'), cell: (v) => (v.tags ?? []).join(', ') },
    {
      key: 'cvss',
      header: t('hub.col_cvss'),
      numeric: true,
      cell: (v) => (v.cvss_v3_score ? v.cvss_v3_score.toFixed(1) : '—'),
    },
    { key: 'severity', header: t('scan.col_severity'), cell: (v) => v.severity },
    { key: 'package', header: t('scan.col_package'), cell: (v) => v.package },
    { key: 'version', header: t('scan.col_version'), cell: (v) => <span className="mono">{v.version}</span> },
    {
      key: 'fixed',
      header: t('scan.col_fixed'),
      cell: (v) => <span className="mono">{v.fixed_version || '—'}</span>,
    },
  ];
  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('hub.title')}</h1>
      </div>
      {data && (
        <div className="card" role="status">
          <p>{t('hub.scanned', { scanned: data.scanned_cnt ?? 0, total: data.total_artifact ?? 0 })}</p>
          <p>
            {t('hub.total', { total: data.total_vuls ?? 0, fixable: data.fixable_cnt ?? 0 })}{' '}
            {COUNTS.map((key) => `${t(`hub.${key}`)} ${data[key] ?? 0}`).join(' · ')}
          </p>
          {(data.dangerous_cves ?? []).length > 0 && (
            <p>
              {t('hub.dangerous_cves')}{' '}
              {(data.dangerous_cves ?? [])
                .map((cve) => `${cve.cve_id} (${cve.package} ${cve.cvss_score_v3 ?? ''})`)
                .join(', ')}
            </p>
          )}
        </div>
      )}
      <div className="toolbar">
        <span className="toolbar__spacer" />
        <SearchBox label={t('hub.search_cve')} value={input} onChange={setInput} />
      </div>
      <DataTable
        query={list}
        columns={columns}
        rowKey={(v) => `${v.cve_id} ${v.digest} ${v.package} ${v.repository_name}`}
        empty={<EmptyState title={t('hub.empty')} />}
        label={t('hub.title')}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </section>
  );
}
