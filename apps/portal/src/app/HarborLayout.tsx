import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';
import { PageLoader } from '../components/Spinner';
import { GlobalSearch } from '../features/search/GlobalSearch';
import { RequireAuth } from '../features/session/components/RequireAuth';
import { UserMenu } from '../features/users/components/UserMenu';
import { currentUserQuery } from '../features/users/queries';
import { useI18n } from '../i18n/I18nProvider';
import './HarborLayout.css';

const ADMIN_LINKS = [
  { to: '/harbor/users', key: 'nav.users' },
  { to: '/harbor/groups', key: 'nav.groups' },
  { to: '/harbor/robot-accounts', key: 'nav.robot_accounts' },
  { to: '/harbor/registries', key: 'nav.registries' },
  { to: '/harbor/replications', key: 'nav.replications' },
  { to: '/harbor/project-quotas', key: 'nav.quotas' },
  { to: '/harbor/labels', key: 'nav.labels' },
  { to: '/harbor/logs', key: 'nav.logs' },
  { to: '/harbor/interrogation-services', key: 'nav.interrogation' },
  { to: '/harbor/security-hub', key: 'nav.security_hub' },
  { to: '/harbor/clearing-job', key: 'nav.cleanup' },
  { to: '/harbor/job-service-dashboard', key: 'nav.job_service' },
  { to: '/harbor/configs', key: 'nav.configuration' },
] as const;

/** Administration links (system admins only) in a native disclosure: keyboard and screen-reader friendly. */
function AdminMenu() {
  const { t } = useI18n();
  const location = useLocation();
  const ref = useRef<HTMLDetailsElement>(null);
  const active = ADMIN_LINKS.some((link) => location.pathname.startsWith(link.to));
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (ref.current?.open && !ref.current.contains(event.target as Node)) ref.current.open = false;
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, []);
  return (
    <details className="admin-menu" ref={ref}>
      <summary className={active ? 'app-header__link active' : 'app-header__link'}>
        {t('nav.administration')}
      </summary>
      <div className="admin-menu__popup">
        {ADMIN_LINKS.map((link) => (
          <NavLink
            key={link.to}
            to={link.to}
            className="admin-menu__item"
            onClick={() => {
              if (ref.current) ref.current.open = false;
            }}
          >
            {t(link.key)}
          </NavLink>
        ))}
      </div>
    </details>
  );
}

/** The authenticated area's frame (loaded lazily, so the sign-in page stays small). */
export default function HarborLayout() {
  const { t } = useI18n();
  // Loaded by RequireAuth; administration links only for system admins (the routes check again).
  const user = useQuery(currentUserQuery());
  const admin = user.data?.sysadmin_flag === true;
  return (
    <RequireAuth>
      <a className="skip-link" href="#main">
        {t('app.skip_to_content')}
      </a>
      <header className="app-header">
        <NavLink to="/harbor/projects" className="app-header__brand">
          <Logo size={28} />
          <span>{t('app.product_name')}</span>
        </NavLink>
        <nav className="app-header__nav" aria-label={t('nav.label')}>
          <NavLink to="/harbor/projects" className="app-header__link">
            {t('nav.projects')}
          </NavLink>
          {admin && <AdminMenu />}
        </nav>
        <div className="app-header__actions">
          <GlobalSearch />
          <LanguageSwitch />
          <UserMenu />
        </div>
      </header>
      <main id="main" className="app-main">
        <Suspense fallback={<PageLoader label={t('app.loading')} />}>
          <Outlet />
        </Suspense>
      </main>
    </RequireAuth>
  );
}
