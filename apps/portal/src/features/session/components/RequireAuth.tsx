import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Alert } from '../../../components/Alert';
import { PageLoader } from '../../../components/Spinner';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { ApiError } from '../../../lib/api-error';
import { currentUserQuery } from '../../users/queries';
import { signInPathFor } from '../redirect';

/**
 * The session lives in an HttpOnly cookie the page cannot read, so "signed in" means
 * GET /users/current answers 200. A 401 sends the user to sign in and back here afterwards.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const location = useLocation();
  const user = useQuery(currentUserQuery());

  if (user.isPending) return <PageLoader label={t('app.loading')} />;
  if (user.isError) {
    if (user.error instanceof ApiError && user.error.status === 401) {
      return <Navigate to={signInPathFor(location.pathname + location.search)} replace />;
    }
    return (
      <div className="page-error">
        <Alert
          action={
            <button type="button" className="btn btn--secondary" onClick={() => void user.refetch()}>
              {t('app.retry')}
            </button>
          }
        >
          {t('auth.check_failed', { reason: errorMessage(user.error, t) })}
        </Alert>
      </div>
    );
  }
  return children;
}
