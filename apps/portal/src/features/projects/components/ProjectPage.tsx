import { useQuery } from '@tanstack/react-query';
import { Link, NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import { QueryError } from '../../../components/States';
import { useI18n } from '../../../i18n/I18nProvider';
import { currentUserQuery } from '../../users/queries';
import { isProxyCache, isPublic, type Project } from '../api';
import { projectQuery } from '../queries';
import { RoleName, ROLES } from './RoleName';
import '../../../components/ui.css';

export interface ProjectContext {
  project: Project;
  /** Project admin or system admin: may manage members, robots and settings. */
  canManage: boolean;
  /** Developer or above (or system admin): may push and manage tag retention. */
  canPush: boolean;
  /**
   * Maintainer or above (or system admin): may delete repositories, manage immutable tag rules and list
   * webhook policies.
   */
  canMaintain: boolean;
}

export function useProjectContext(): ProjectContext {
  return useOutletContext<ProjectContext>();
}

/** A project's frame: name, access badge and the tabs; each tab is its own deep-linkable route. */
export default function ProjectPage() {
  const { t } = useI18n();
  const { projectId = '' } = useParams();
  const project = useQuery(projectQuery(projectId));
  const user = useQuery(currentUserQuery());

  if (project.isPending) {
    return (
      <section className="page" aria-busy="true">
        <span className="skeleton" style={{ width: '12rem', height: '1.6rem' }} />
      </section>
    );
  }
  if (project.isError) {
    return (
      <section className="page">
        <QueryError error={project.error} onRetry={() => void project.refetch()} />
      </section>
    );
  }

  const data = project.data;
  const sysadmin = user.data?.sysadmin_flag === true;
  const roles = data.current_user_role_ids ?? (data.current_user_role_id ? [data.current_user_role_id] : []);
  const context: ProjectContext = {
    project: data,
    canManage: sysadmin || roles.includes(ROLES.projectAdmin),
    canMaintain: sysadmin || roles.some((role) => role === ROLES.projectAdmin || role === ROLES.maintainer),
    canPush:
      sysadmin ||
      roles.some(
        (role) => role === ROLES.projectAdmin || role === ROLES.maintainer || role === ROLES.developer,
      ),
  };
  const base = `/harbor/projects/${data.project_id}`;
  const tabs = [
    { to: 'summary', label: t('project.tab_summary') },
    { to: 'repositories', label: t('project.tab_repositories') },
    { to: 'members', label: t('project.tab_members') },
    { to: 'robots', label: t('project.tab_robots') },
    { to: 'labels', label: t('project.tab_labels') },
    // Policy: tag retention for developers and above, immutable tag rules for maintainers and above
    // (Harbor's RBAC); guests see neither.
    ...(context.canPush ? [{ to: 'tag-strategy', label: t('project.tab_policy') }] : []),
    // Webhook policies: project admins manage them, maintainers may list them (Harbor's RBAC).
    ...(context.canMaintain ? [{ to: 'webhook', label: t('project.tab_webhooks') }] : []),
    { to: 'logs', label: t('project.tab_logs') },
    { to: 'configuration', label: t('project.tab_configuration') },
  ];

  return (
    <section className="page">
      <nav className="breadcrumb" aria-label={t('project.breadcrumb')}>
        <Link to="/harbor/projects">{t('projects.title')}</Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page__header">
        <div>
          <h1 className="page__title">
            {data.name}{' '}
            {isPublic(data) ? (
              <span className="badge badge--public">{t('projects.public')}</span>
            ) : (
              <span className="badge badge--private">{t('projects.private')}</span>
            )}
            {isProxyCache(data) && (
              <>
                {' '}
                <span className="badge">{t('projects.type_proxy_cache')}</span>
              </>
            )}
          </h1>
          <p className="page__subtitle">
            {t('project.my_role')}: <RoleName roleId={data.current_user_role_id} />
          </p>
        </div>
      </div>
      <nav className="tabs" aria-label={t('project.tabs')}>
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={`${base}/${tab.to}`} className="tabs__link">
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet context={context} />
    </section>
  );
}
