import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { PageLoader } from '../components/Spinner';
import { SignInPage } from '../features/session/components/SignInPage';
import { HOME_PATH, SIGN_IN_PATH } from '../features/session/redirect';
import { useI18n } from '../i18n/I18nProvider';
import { NotFoundPage } from './NotFoundPage';

// Everything behind sign-in is split out: a first visit downloads only the sign-in page.
const HarborLayout = lazy(() => import('./HarborLayout'));
const ProjectsPage = lazy(() => import('../features/projects/components/ProjectsPage'));

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<PageLoader label={t('app.loading')} />}>{children}</Suspense>;
}

/** Route table shared by the browser router and tests (which use a memory router). */
export const routes: RouteObject[] = [
  // The guard in HarborLayout sends anonymous visitors on to the sign-in page.
  { path: '/', element: <Navigate to={HOME_PATH} replace /> },
  { path: SIGN_IN_PATH, element: <SignInPage /> },
  {
    path: '/harbor',
    element: (
      <Lazy>
        <HarborLayout />
      </Lazy>
    ),
    children: [
      { index: true, element: <Navigate to={HOME_PATH} replace /> },
      { path: 'projects', element: <ProjectsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];
