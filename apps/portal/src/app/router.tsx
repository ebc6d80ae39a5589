import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { PageLoader } from '../components/Spinner';
import { SignInPage } from '../features/session/components/SignInPage';
import { HOME_PATH, SIGN_IN_PATH } from '../features/session/redirect';
import { useI18n } from '../i18n/I18nProvider';
import { NotFoundPage } from './NotFoundPage';

// Everything behind sign-in is split out: a first visit downloads only the sign-in page,
// and each page below is its own chunk, fetched when first opened.
const HarborLayout = lazy(() => import('./HarborLayout'));
const ProjectsPage = lazy(() => import('../features/projects/components/ProjectsPage'));
const ProjectPage = lazy(() => import('../features/projects/components/ProjectPage'));
const SummaryTab = lazy(() => import('../features/projects/components/SummaryTab'));
const ConfigurationTab = lazy(() => import('../features/projects/components/ConfigurationTab'));
const RepositoriesTab = lazy(() => import('../features/repositories/components/RepositoriesTab'));
const ArtifactsPage = lazy(() => import('../features/repositories/components/ArtifactsPage'));
const MembersTab = lazy(() => import('../features/members/components/MembersTab'));
const ProjectRobotsTab = lazy(() => import('../features/robots/components/ProjectRobotsTab'));
const AdminArea = lazy(() => import('../features/users/components/AdminArea'));
const UsersPage = lazy(() => import('../features/users/components/UsersPage'));
const SystemRobotsPage = lazy(() => import('../features/robots/components/SystemRobotsPage'));

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<PageLoader label={t('app.loading')} />}>{children}</Suspense>;
}

const page = (element: ReactNode) => <Lazy>{element}</Lazy>;

/** Route table shared by the browser router and tests (which use a memory router). */
export const routes: RouteObject[] = [
  // The guard in HarborLayout sends anonymous visitors on to the sign-in page.
  { path: '/', element: <Navigate to={HOME_PATH} replace /> },
  { path: SIGN_IN_PATH, element: <SignInPage /> },
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
          { path: 'repositories/*', element: page(<ArtifactsPage />) },
          { path: 'members', element: page(<MembersTab />) },
          { path: 'robots', element: page(<ProjectRobotsTab />) },
          { path: 'configuration', element: page(<ConfigurationTab />) },
        ],
      },
      {
        element: page(<AdminArea />),
        children: [
          { path: 'users', element: page(<UsersPage />) },
          { path: 'robot-accounts', element: page(<SystemRobotsPage />) },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];
