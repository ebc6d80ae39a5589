import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CommandLine } from '../../../components/CopyButton';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { SearchBox } from '../../../components/SearchBox';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { useUrlSearch, useUrlSort, useUrlState } from '../../../lib/use-url-state';
import { useProjectContext } from '../../projects/components/ProjectPage';
import { useRegistryHost } from '../../systeminfo/use-registry-host';
import { repositoryUrl } from '../../artifacts/route';
import { repositoryShortName, type Repository } from '../api';
import { repositoryListQuery, useDeleteRepository } from '../queries';

const PAGE_SIZE = 15;
// Core's sortable repository fields (Harbor's `sort=name` / `-pull_count`).
const SORT_FIELDS = ['name', 'pull_count', 'creation_time', 'update_time'];

/** The commands that put a first image into this project (shown while it is empty). */
export function PushCommands({ projectName }: { projectName: string }) {
  const { t } = useI18n();
  const host = useRegistryHost();
  return (
    <div className="push-help">
      <p>{t('repositories.push_step_login')}</p>
      <CommandLine command={`docker login ${host}`} label={t('app.copy_command')} />
      <p>{t('repositories.push_step_tag')}</p>
      <CommandLine
        command={`docker tag SOURCE_IMAGE[:TAG] ${host}/${projectName}/REPOSITORY[:TAG]`}
        label={t('app.copy_command')}
      />
      <p>{t('repositories.push_step_push')}</p>
      <CommandLine
        command={`docker push ${host}/${projectName}/REPOSITORY[:TAG]`}
        label={t('app.copy_command')}
      />
    </div>
  );
}

export default function RepositoriesTab() {
  const { t, locale } = useI18n();
  const { project, canMaintain } = useProjectContext();
  const { page, setPage } = useUrlState();
  const { input: search, setInput: setSearch, value: name } = useUrlSearch('q');
  const { sort, setSort } = useUrlSort(SORT_FIELDS);
  const [deleting, setDeleting] = useState<string | null>(null);
  const remove = useDeleteRepository(project.name);
  const repositories = useQuery(repositoryListQuery(project.name, { page, pageSize: PAGE_SIZE, name, sort }));

  const columns: Column<Repository>[] = [
    {
      key: 'name',
      header: t('repositories.col_name'),
      sortField: 'name',
      cell: (repository) => (
        <Link to={repositoryUrl(project.project_id, repositoryShortName(project.name, repository.name))}>
          {repository.name}
        </Link>
      ),
    },
    {
      key: 'artifacts',
      header: t('repositories.col_artifacts'),
      numeric: true,
      cell: (repository) => repository.artifact_count ?? 0,
    },
    {
      key: 'pulls',
      header: t('repositories.col_pulls'),
      numeric: true,
      sortField: 'pull_count',
      cell: (repository) => repository.pull_count ?? 0,
    },
    {
      key: 'updated',
      header: t('repositories.col_updated'),
      sortField: 'update_time',
      cell: (repository) => formatDateTime(repository.update_time, locale),
    },
  ];
  if (canMaintain)
    columns.push({
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (repository) => (
        <button
          type="button"
          className="btn btn--link danger"
          onClick={() => setDeleting(repositoryShortName(project.name, repository.name))}
        >
          {t('app.delete')}
        </button>
      ),
    });

  const body = (
    <DataTable
      query={repositories}
      columns={columns}
      rowKey={(repository) => repository.id}
      empty={
        name ? (
          <EmptyState title={t('repositories.no_match', { name })} />
        ) : (
          <EmptyState title={t('repositories.empty_title')}>
            <PushCommands projectName={project.name} />
          </EmptyState>
        )
      }
      sort={sort}
      onSortChange={setSort}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
    />
  );

  return (
    <>
      <div className="toolbar">
        <span className="toolbar__spacer" />
        <SearchBox label={t('repositories.search')} value={search} onChange={setSearch} />
      </div>
      {body}
      <ConfirmDialog
        open={deleting !== null}
        title={t('repositories.delete_title')}
        message={t('repositories.delete_confirm', { name: `${project.name}/${deleting ?? ''}` })}
        confirmLabel={t('app.delete')}
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting, { onSuccess: () => setDeleting(null) });
        }}
      />
    </>
  );
}
