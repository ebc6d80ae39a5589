import { useI18n } from '../../../i18n/I18nProvider';

/** Placeholder until the projects API lands: says so plainly instead of showing made-up rows. */
export default function ProjectsPage() {
  const { t } = useI18n();
  return (
    <section className="page">
      <h1 className="page__title">{t('projects.title')}</h1>
      <p className="page__empty">{t('projects.empty')}</p>
    </section>
  );
}
