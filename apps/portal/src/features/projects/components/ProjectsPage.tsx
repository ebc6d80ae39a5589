import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { SearchBox } from '../../../components/SearchBox';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { useUrlSearch, useUrlState } from '../../../lib/use-url-state';
import { StatisticsBar } from '../../statistics/StatisticsBar';
import { systemInfoQuery } from '../../systeminfo/queries';
import { currentUserQuery } from '../../users/queries';
import { isProxyCache, isPublic, type Project, type ProjectSort } from '../api';
import { projectListQuery } from '../queries';
import { CreateProjectDialog } from './CreateProjectDialog';
import { RoleName } from './RoleName';
import '../../../components/ui.css';

const PAGE_SIZE = 15;
const SORTS: readonly ProjectSort[] = ['name', '-name', 'creation_time', '-creation_time'];

function isSort(value: string | null): value is ProjectSort {
  return value !== null && (SORTS as readonly string[]).includes(value);
}

/**
 * All projects the user can see; search, sort and page live in the URL so they survive a reload. Every
 * column comes from the one `GET /projects` answer (no request per row): storage per project is on the
 * project's Summary and in Administration › Project Quotas, as in Harbor's portal.
 */
export default function ProjectsPage() {
  const { t, locale } = useI18n();
  const { params, update, page, setPage } = useUrlState();
  const sortParam = params.get('sort');
  const sort: ProjectSort = isSort(sortParam) ? sortParam : 'name';
  const { input: search, setInput: setSearch, value: effectiveName } = useUrlSearch('name');
  const [creating, setCreating] = useState(false);
  const user = useQuery(currentUserQuery());
  const info = useQuery(systemInfoQuery());
  // Harbor's project_creation_restriction: "adminonly" hides creation from everyone but system admins.
  const canCreate =
    user.data?.sysadmin_flag === true || info.data?.project_creation_restriction !== 'adminonly';

  const projects = useQuery(projectListQuery({ page, pageSize: PAGE_SIZE, name: effectiveName, sort }));

  const columns: Column<Project>[] = [
    {
      key: 'name',
      header: t('projects.col_name'),
      sortField: 'name',
      cell: (project) => (
        <Link to={`/harbor/projects/${project.project_id}/repositories`}>{project.name}</Link>
      ),
    },
    {
      key: 'access',
      header: t('projects.col_access'),
      cell: (project) =>
        isPublic(project) ? (
          <span className="badge badge--public">{t('projects.public')}</span>
        ) : (
          <span className="badge badge--private">{t('projects.private')}</span>
        ),
    },
    {
      key: 'role',
      header: t('projects.col_role'),
      cell: (project) => <RoleName roleId={project.current_user_role_id} />,
    },
    // Harbor's order: Role, then Type.
    {
      key: 'type',
      header: t('projects.col_type'),
      cell: (project) =>
        isProxyCache(project) ? t('projects.type_proxy_cache') : t('projects.type_project'),
    },
    {
      key: 'repositories',
      header: t('projects.col_repositories'),
      numeric: true,
      cell: (project) => project.repo_count ?? 0,
    },
    {
      key: 'created',
      header: t('projects.col_created'),
      sortField: 'creation_time',
      cell: (project) => formatDateTime(project.creation_time, locale),
    },
  ];

  const body = (
    <DataTable
      query={projects}
      columns={columns}
      rowKey={(project) => project.project_id}
      empty={
        <EmptyState
          title={effectiveName ? t('projects.no_match', { name: effectiveName }) : t('projects.empty_title')}
        >
          {!effectiveName && <p>{t('projects.empty_hint')}</p>}
        </EmptyState>
      }
      sort={sort}
      onSortChange={(next) => update({ sort: next === 'name' ? null : next, page: null })}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
    />
  );

  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('projects.title')}</h1>
      </div>
      <StatisticsBar admin={user.data?.sysadmin_flag === true} />
      <div className="toolbar">
        {canCreate && (
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            {t('projects.new')}
          </button>
        )}
        <span className="toolbar__spacer" />
        <SearchBox label={t('projects.search')} value={search} onChange={setSearch} />
      </div>
      {body}
      <CreateProjectDialog
        open={creating}
        onClose={() => setCreating(false)}
        admin={user.data?.sysadmin_flag === true}
      />
    </section>
  );
}
