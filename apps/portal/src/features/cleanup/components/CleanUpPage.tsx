import { NavLink, Outlet } from 'react-router';
import { useI18n } from '../../../i18n/I18nProvider';
import '../../../components/ui.css';
import './cleanup.css';

/** Administration › Clean Up: garbage collection and log rotation, each a deep-linkable tab. */
export default function CleanUpPage() {
  const { t } = useI18n();
  return (
    <section className="page cleanup">
      <div className="page__header">
        <h1 className="page__title">{t('cleanup.title')}</h1>
      </div>
      <nav className="tabs" aria-label={t('cleanup.tabs')}>
        <NavLink to="/harbor/clearing-job/gc" className="tabs__link">
          {t('cleanup.tab_gc')}
        </NavLink>
        <NavLink to="/harbor/clearing-job/audit-log-purge" className="tabs__link">
          {t('cleanup.tab_log_rotation')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
