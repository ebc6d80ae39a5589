import { useI18n } from '../../../i18n/I18nProvider';
import { QueuesSection } from './QueuesSection';
import { SchedulesSection } from './SchedulesSection';
import { WorkersSection } from './WorkersSection';
import '../../../components/ui.css';
import './jobservice.css';

/** Administration › Job Service Dashboard: pending jobs per queue, schedules, worker pools and workers. */
export default function JobServiceDashboard() {
  const { t } = useI18n();
  return (
    <section className="page jobservice">
      <div className="page__header">
        <div>
          <h1 className="page__title">{t('jobservice.title')}</h1>
          <p className="page__subtitle">{t('jobservice.subtitle')}</p>
        </div>
      </div>
      <QueuesSection />
      <SchedulesSection />
      <WorkersSection />
    </section>
  );
}
