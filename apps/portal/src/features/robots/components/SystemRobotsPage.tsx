import { useI18n } from '../../../i18n/I18nProvider';
import { RobotsPanel } from './RobotsPanel';
import '../../../components/ui.css';

export default function SystemRobotsPage() {
  const { t } = useI18n();
  return (
    <section className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">{t('admin.robots_title')}</h1>
          <p className="page__subtitle">{t('admin.robots_subtitle')}</p>
        </div>
      </div>
      <RobotsPanel scope={{ level: 'system' }} canManage />
    </section>
  );
}
