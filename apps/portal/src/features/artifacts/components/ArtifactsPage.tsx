import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '../../../components/CopyButton';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { SearchBox } from '../../../components/SearchBox';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatBytes, formatDateTime, shortDigest } from '../../../lib/format';
import { useUrlSearch, useUrlSort, useUrlState } from '../../../lib/use-url-state';
import { useProjectContext } from '../../projects/components/ProjectPage';
import { RepositoryInfo } from '../../repositories/components/RepositoryInfo';
import { useRegistryHost } from '../../systeminfo/use-registry-host';
import type { Artifact, ArtifactLocation } from '../api';
import { artifactListQuery } from '../queries';
import { artifactUrl } from '../route';
import { sbomOverviewOf } from '../sboms';
import { scanOverviewOf } from '../scans';
import { useRepositoryRoute } from '../use-repository-route';
import { AccessoryLines } from './Accessories';
import { ArtifactActionButtons, ArtifactDialogs, type ArtifactAction } from './ArtifactDialogs';
import { ArtifactLabels, ArtifactTags } from './ArtifactTags';
import { platformsOf } from './platforms';
import { PullCommands } from './PullCommands';
import { SbomButton } from './SbomButton';
import { SbomStatus } from './SbomStatus';
import { ScanButton } from './ScanButton';
import { ScanOverview } from './ScanOverview';
import './artifacts.css';

const PAGE_SIZE = 15;
// The columns core can sort artifacts by (Harbor's `sort=push_time` / `-push_time`).
const SORT_FIELDS = ['size', 'push_time', 'pull_time'];

/** Artifacts | Info, kept in `?tab=` so a reload stays on the same one. */
function RepositoryTabs({ info }: { info: boolean }) {
  const { t } = useI18n();
  const link = (active: boolean, search: string, label: string) => (
    <Link
      to={{ search }}
      replace
      className={active ? 'tabs__link active' : 'tabs__link'}
      aria-current={active ? 'page' : undefined}
    >
      {label}
    </Link>
  );
  return (
    <nav className="tabs" aria-label={t('repositories.tabs')}>
      {link(!info, '', t('repositories.tab_artifacts'))}
      {link(info, '?tab=info', t('repositories.tab_info'))}
    </nav>
  );
}

/** One repository's artifacts: digest, tags, type, size, labels, times, pull commands and actions. */
export default function ArtifactsPage() {
  const { repository } = useRepositoryRoute();
  const { t, locale } = useI18n();
  const { project, canPush, canMaintain } = useProjectContext();
  const host = useRegistryHost();
  const { params, page, setPage } = useUrlState();
  const { sort, setSort } = useUrlSort(SORT_FIELDS);
  const showInfo = params.get('tab') === 'info';
  const { input: tagInput, setInput: setTagInput, value: tag } = useUrlSearch('tag');
  const at: ArtifactLocation = { projectName: project.name, repository };
  const artifacts = useQuery(
    artifactListQuery(at, { page, pageSize: PAGE_SIZE, sort, tag: tag || undefined }),
  );
  const [open, setOpen] = useState<{ action: ArtifactAction; artifact: Artifact } | null>(null);
  const image = `${host}/${project.name}/${repository}`;
  const permissions = { canPush, canMaintain };

  const columns: Column<Artifact>[] = [
    {
      key: 'digest',
      header: t('artifacts.col_digest'),
      cell: (artifact) => (
        <>
          <span className="artifact-digest">
            <Link
              className="mono"
              title={artifact.digest}
              to={artifactUrl(project.project_id, repository, artifact.digest)}
            >
              {shortDigest(artifact.digest)}
            </Link>
            <CopyButton text={artifact.digest} label={t('artifacts.copy_digest')} />
          </span>
          {platformsOf(artifact).length > 0 && (
            <span className="quota__text artifact-platforms">{platformsOf(artifact).join(', ')}</span>
          )}
        </>
      ),
    },
    {
      key: 'tags',
      header: t('artifacts.col_tags'),
      cell: (a) => <ArtifactTags at={at} artifact={a} editable={canPush} />,
    },
    { key: 'type', header: t('artifacts.col_type'), cell: (a) => a.type ?? '—' },
    {
      key: 'size',
      header: t('artifacts.col_size'),
      numeric: true,
      sortField: 'size',
      cell: (a) => formatBytes(a.size),
    },
    {
      key: 'vulnerabilities',
      header: t('scan.vulnerabilities'),
      cell: (a) => <ScanOverview summary={scanOverviewOf(a)} />,
    },
    {
      key: 'sbom',
      header: t('sbom.column'),
      cell: (a) => <SbomStatus overview={sbomOverviewOf(a)} />,
    },
    {
      key: 'labels',
      header: t('artifacts.col_labels'),
      cell: (a) => <ArtifactLabels at={at} artifact={a} editable={canPush} />,
    },
    {
      key: 'pull',
      header: t('artifacts.col_pull'),
      cell: (a) => <PullCommands image={image} repository={repository} artifact={a} />,
    },
    {
      key: 'pushed',
      header: t('artifacts.col_pushed'),
      sortField: 'push_time',
      cell: (a) => formatDateTime(a.push_time, locale),
    },
    {
      key: 'pulled',
      header: t('artifacts.col_pulled'),
      sortField: 'pull_time',
      cell: (a) => formatDateTime(a.pull_time, locale),
    },
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (artifact) => (
        <span className="artifact-actions">
          {canPush && <ScanButton at={at} artifact={artifact} />}
          {canMaintain && <SbomButton at={at} artifact={artifact} />}
          <ArtifactActionButtons
            permissions={permissions}
            onAction={(action) => setOpen({ action, artifact })}
          />
        </span>
      ),
    },
  ];

  const artifactList = (
    <>
      <div className="toolbar">
        <span className="toolbar__spacer" />
        <SearchBox label={t('artifacts.search_tag')} value={tagInput} onChange={setTagInput} />
      </div>
      <ArtifactDialogs at={at} projectId={project.project_id} open={open} onClose={() => setOpen(null)} />
      <DataTable
        query={artifacts}
        columns={columns.filter((column) => column.key !== 'actions' || canPush || canMaintain)}
        rowKey={(artifact) => artifact.id}
        empty={<EmptyState title={tag ? t('artifacts.no_match', { tag }) : t('artifacts.empty_title')} />}
        label={t('artifacts.table_label', { repository })}
        subRow={(artifact) =>
          artifact.accessories?.length ? <AccessoryLines accessories={artifact.accessories} /> : null
        }
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
        sort={sort}
        onSortChange={setSort}
      />
    </>
  );

  return (
    <>
      <nav className="breadcrumb" aria-label={t('project.breadcrumb')}>
        <Link to={`/harbor/projects/${project.project_id}/repositories`}>
          {t('project.tab_repositories')}
        </Link>
        <span aria-hidden="true">/</span>
        <span>{repository}</span>
      </nav>
      <h2 className="section__title">{`${project.name}/${repository}`}</h2>
      <RepositoryTabs info={showInfo} />
      {showInfo ? (
        <RepositoryInfo projectName={project.name} repository={repository} canEdit={canMaintain} />
      ) : (
        artifactList
      )}
    </>
  );
}
