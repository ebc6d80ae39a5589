import { useI18n } from '../../../i18n/I18nProvider';
import { LogsTable } from './LogsTable';
import '../../../components/ui.css';

export default function AuditLogsPage() {
  const { t } = useI18n();
  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('admin.logs_title')}</h1>
      </div>
      <LogsTable />
    </section>
  );
}
