import { Suspense, type ReactNode } from 'react';
import { Navigate, useParams, type RouteObject } from 'react-router';
import { parseRepositorySplat } from '../features/artifacts/route';
import { PageLoader } from '../components/Spinner';
import { SignInPage } from '../features/session/components/SignInPage';
import { HOME_PATH, OIDC_ONBOARD_PATH, SIGN_IN_PATH, SIGN_UP_PATH } from '../features/session/redirect';
import { useI18n } from '../i18n/I18nProvider';
import { lazyPage, type LazyPage } from './lazy-page';
import { NotFoundPage } from './NotFoundPage';

// Everything behind sign-in is split out: a first visit downloads only the sign-in page,
// and each page below is its own chunk, fetched when first opened (or preloaded, see preloadRoute).
const HarborLayout = lazyPage(() => import('./HarborLayout'));
const SignUpPage = lazyPage(() => import('../features/session/components/SignUpPage'));
const OidcOnboardPage = lazyPage(() => import('../features/session/components/OidcOnboardPage'));
const ProjectsPage = lazyPage(() => import('../features/projects/components/ProjectsPage'));
const ProjectPage = lazyPage(() => import('../features/projects/components/ProjectPage'));
const SummaryTab = lazyPage(() => import('../features/projects/components/SummaryTab'));
const ConfigurationTab = lazyPage(() => import('../features/projects/components/ConfigurationTab'));
const RepositoriesTab = lazyPage(() => import('../features/repositories/components/RepositoriesTab'));
const ArtifactsPage = lazyPage(() => import('../features/artifacts/components/ArtifactsPage'));
const ArtifactDetailPage = lazyPage(() => import('../features/artifacts/components/ArtifactDetailPage'));
const MembersTab = lazyPage(() => import('../features/members/components/MembersTab'));
const ProjectRobotsTab = lazyPage(() => import('../features/robots/components/ProjectRobotsTab'));
const ProjectLogsTab = lazyPage(() => import('../features/logs/components/ProjectLogsTab'));
const AuditLogsPage = lazyPage(() => import('../features/logs/components/AuditLogsPage'));
const SystemConfigPage = lazyPage(() => import('../features/configurations/components/SystemConfigPage'));
const SystemSettingsTab = lazyPage(() => import('../features/configurations/components/SystemSettingsTab'));
const AuthenticationTab = lazyPage(() => import('../features/configurations/components/AuthenticationTab'));
const GroupsPage = lazyPage(() => import('../features/usergroups/components/GroupsPage'));
const QuotasPage = lazyPage(() => import('../features/quotas/components/QuotasPage'));
const LabelsPage = lazyPage(() => import('../features/labels/components/LabelsPage'));
const ProjectLabelsTab = lazyPage(() => import('../features/labels/components/ProjectLabelsTab'));
const ProjectPolicyLayout = lazyPage(() => import('../features/projects/components/ProjectPolicyLayout'));
const ProjectPolicyTab = lazyPage(() => import('../features/immutable-tags/components/ProjectPolicyTab'));
const TagRetentionTab = lazyPage(() => import('../features/tag-retention/components/TagRetentionTab'));
const WebhooksTab = lazyPage(() => import('../features/webhooks/components/WebhooksTab'));
const AdminArea = lazyPage(() => import('../features/users/components/AdminArea'));
const UsersPage = lazyPage(() => import('../features/users/components/UsersPage'));
const SystemRobotsPage = lazyPage(() => import('../features/robots/components/SystemRobotsPage'));
const CleanUpPage = lazyPage(() => import('../features/cleanup/components/CleanUpPage'));
const GcTab = lazyPage(() => import('../features/cleanup/components/GcTab'));
const PurgeTab = lazyPage(() => import('../features/cleanup/components/PurgeTab'));
const JobServiceDashboard = lazyPage(() => import('../features/jobservice/components/JobServiceDashboard'));
const SecurityHubPage = lazyPage(() => import('../features/securityhub/components/SecurityHubPage'));
const RegistriesPage = lazyPage(() => import('../features/registries/components/RegistriesPage'));
const ReplicationsPage = lazyPage(() => import('../features/replications/components/ReplicationsPage'));
const InterrogationServicesPage = lazyPage(
  () => import('../features/scanners/components/InterrogationServicesPage'),
);

const TABS: Record<string, LazyPage> = {
  summary: SummaryTab,
  repositories: RepositoriesTab,
  members: MembersTab,
  robots: ProjectRobotsTab,
  logs: ProjectLogsTab,
  labels: ProjectLabelsTab,
  webhook: WebhooksTab,
  configuration: ConfigurationTab,
};

/**
 * Loads the chunks the page at `pathname` needs. main.tsx awaits this before the first render, so a
 * reload or deep link renders at once instead of suspending (React holds a revealed fallback for 300 ms).
 */
export function preloadRoute(pathname: string): Promise<unknown> {
  if (pathname === SIGN_UP_PATH) return SignUpPage.preload().catch(() => undefined);
  if (pathname === OIDC_ONBOARD_PATH) return OidcOnboardPage.preload().catch(() => undefined);
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length > 0 && parts[0] !== 'harbor') return Promise.resolve();
  const pages: LazyPage[] = [HarborLayout];
  const [, section, id, tab, ...rest] = parts;
  if (!section || section === 'projects') {
    if (!id) pages.push(ProjectsPage);
    else {
      pages.push(ProjectPage);
      if (tab === 'repositories' && rest.length)
        pages.push(parseRepositorySplat(rest.join('/')).digest ? ArtifactDetailPage : ArtifactsPage);
      else if (tab === 'tag-strategy')
        pages.push(
          ProjectPolicyLayout,
          ...(rest[0] === 'immutable-tag' ? [] : [TagRetentionTab]),
          ...(rest[0] === 'tag-retention' ? [] : [ProjectPolicyTab]),
        );
      else pages.push(TABS[tab ?? 'repositories'] ?? RepositoriesTab);
    }
  } else if (section === 'users') pages.push(AdminArea, UsersPage);
  else if (section === 'robot-accounts') pages.push(AdminArea, SystemRobotsPage);
  else if (section === 'logs') pages.push(AdminArea, AuditLogsPage);
  else if (section === 'project-quotas') pages.push(AdminArea, QuotasPage);
  else if (section === 'labels') pages.push(AdminArea, LabelsPage);
  else if (section === 'groups') pages.push(AdminArea, GroupsPage);
  else if (section === 'configs')
    pages.push(AdminArea, SystemConfigPage, id === 'auth' ? AuthenticationTab : SystemSettingsTab);
  else if (section === 'clearing-job')
    pages.push(AdminArea, CleanUpPage, id === 'audit-log-purge' ? PurgeTab : GcTab);
  else if (section === 'job-service-dashboard') pages.push(AdminArea, JobServiceDashboard);
  else if (section === 'interrogation-services') pages.push(AdminArea, InterrogationServicesPage);
  else if (section === 'security-hub') pages.push(AdminArea, SecurityHubPage);
  else if (section === 'registries') pages.push(AdminArea, RegistriesPage);
  else if (section === 'replications') pages.push(AdminArea, ReplicationsPage);
  return Promise.all(pages.map((page) => page.preload())).catch(() => undefined);
}

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<PageLoader label={t('app.loading')} />}>{children}</Suspense>;
}

const page = (element: ReactNode) => <Lazy>{element}</Lazy>;

/** `repositories/<repository…>` lists artifacts; `…/artifacts/<digest>` opens one. */
function RepositoryRoute() {
  const { digest } = parseRepositorySplat(useParams()['*'] ?? '');
  return digest ? page(<ArtifactDetailPage />) : page(<ArtifactsPage />);
}

/** Route table shared by the browser router and tests (which use a memory router). */
export const routes: RouteObject[] = [
  // The guard in HarborLayout sends anonymous visitors on to the sign-in page.
  { path: '/', element: <Navigate to={HOME_PATH} replace /> },
  { path: SIGN_IN_PATH, element: <SignInPage /> },
  { path: SIGN_UP_PATH, element: page(<SignUpPage />) },
  // Core sends a first-time OIDC user here (no session yet) to choose a username.
  { path: OIDC_ONBOARD_PATH, element: page(<OidcOnboardPage />) },
  {
    path: '/harbor',
    element: page(<HarborLayout />),
    children: [
      { index: true, element: <Navigate to={HOME_PATH} replace /> },
      { path: 'projects', element: page(<ProjectsPage />) },
      {
        path: 'projects/:projectId',
        element: page(<ProjectPage />),
        children: [
          { index: true, element: <Navigate to="repositories" replace /> },
          { path: 'summary', element: page(<SummaryTab />) },
          { path: 'repositories', element: page(<RepositoriesTab />) },
          // Repository names may contain slashes (team/tools/cli), hence the splat.
          { path: 'repositories/*', element: <RepositoryRoute /> },
          { path: 'members', element: page(<MembersTab />) },
          { path: 'robots', element: page(<ProjectRobotsTab />) },
          { path: 'logs', element: page(<ProjectLogsTab />) },
          { path: 'labels', element: page(<ProjectLabelsTab />) },
          {
            // Harbor's paths for the Policy tab and its sections; the layout picks the section it opens.
            path: 'tag-strategy',
            element: page(<ProjectPolicyLayout />),
            children: [
              { path: 'tag-retention', element: page(<TagRetentionTab />) },
              { path: 'immutable-tag', element: page(<ProjectPolicyTab />) },
            ],
          },
          { path: 'webhook', element: page(<WebhooksTab />) },
          { path: 'configuration', element: page(<ConfigurationTab />) },
        ],
      },
      {
        element: page(<AdminArea />),
        children: [
          { path: 'users', element: page(<UsersPage />) },
          { path: 'robot-accounts', element: page(<SystemRobotsPage />) },
          { path: 'logs', element: page(<AuditLogsPage />) },
          { path: 'project-quotas', element: page(<QuotasPage />) },
          { path: 'labels', element: page(<LabelsPage />) },
          { path: 'groups', element: page(<GroupsPage />) },
          {
            // Harbor's paths for the configuration tabs; the system settings open first.
            path: 'configs',
            element: page(<SystemConfigPage />),
            children: [
              { index: true, element: <Navigate to="setting" replace /> },
              { path: 'auth', element: page(<AuthenticationTab />) },
              { path: 'setting', element: page(<SystemSettingsTab />) },
            ],
          },
          {
            // Harbor's paths for Clean Up and its tabs.
            path: 'clearing-job',
            element: page(<CleanUpPage />),
            children: [
              { index: true, element: <Navigate to="gc" replace /> },
              { path: 'gc', element: page(<GcTab />) },
              { path: 'audit-log-purge', element: page(<PurgeTab />) },
            ],
          },
          { path: 'job-service-dashboard', element: page(<JobServiceDashboard />) },
          { path: 'interrogation-services', element: page(<InterrogationServicesPage />) },
          { path: 'security-hub', element: page(<SecurityHubPage />) },
          { path: 'registries', element: page(<RegistriesPage />) },
          { path: 'replications', element: page(<ReplicationsPage />) },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];
