import { NavLink, Outlet } from 'react-router';
import { useI18n } from '../../../i18n/I18nProvider';
import '../../../components/ui.css';

/** Administration › Configuration: Harbor's tabs, each deep-linkable (`/harbor/configs/auth`, `…/setting`). */
export default function SystemConfigPage() {
  const { t } = useI18n();
  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('admin.config_title')}</h1>
      </div>
      <nav className="tabs" aria-label={t('admin.config_tabs')}>
        <NavLink to="/harbor/configs/auth" className="tabs__link">
          {t('admin.config_tab_auth')}
        </NavLink>
        <NavLink to="/harbor/configs/setting" className="tabs__link">
          {t('admin.config_tab_settings')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
