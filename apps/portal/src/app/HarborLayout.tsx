import { useQuery } from '@tanstack/react-query';
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';
import { PageLoader } from '../components/Spinner';
import { RequireAuth } from '../features/session/components/RequireAuth';
import { UserMenu } from '../features/users/components/UserMenu';
import { currentUserQuery } from '../features/users/queries';
import { useI18n } from '../i18n/I18nProvider';
import './HarborLayout.css';

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
          {admin && (
            <>
              <NavLink to="/harbor/users" className="app-header__link">
                {t('nav.users')}
              </NavLink>
              <NavLink to="/harbor/robot-accounts" className="app-header__link">
                {t('nav.robot_accounts')}
              </NavLink>
              <NavLink to="/harbor/logs" className="app-header__link">
                {t('nav.logs')}
              </NavLink>
              <NavLink to="/harbor/configs" className="app-header__link">
                {t('nav.configuration')}
              </NavLink>
            </>
          )}
        </nav>
        <div className="app-header__actions">
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
