import { useI18n } from '../../../i18n/I18nProvider';
import { LabelsPanel } from './LabelsPanel';
import '../../../components/ui.css';

export default function LabelsPage() {
  const { t } = useI18n();
  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('admin.labels_title')}</h1>
      </div>
      <LabelsPanel scope={{ scope: 'g' }} canManage />
    </section>
  );
}
