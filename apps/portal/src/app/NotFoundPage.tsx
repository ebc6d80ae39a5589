import { Link } from 'react-router';
import { useI18n } from '../i18n/I18nProvider';
import { HOME_PATH } from '../features/session/redirect';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <main className="not-found">
      <h1>{t('not_found.title')}</h1>
      <p>{t('not_found.body')}</p>
      <Link to={HOME_PATH}>{t('not_found.home')}</Link>
    </main>
  );
}
