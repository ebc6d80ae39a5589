import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../i18n/error-messages';
import { useI18n } from '../i18n/I18nProvider';
import { ApiError } from '../lib/api-error';
import { Alert } from './Alert';
import './ui.css';

/** Grey placeholder rows while a table loads, so the layout does not jump when data arrives. */
export function TableSkeleton({ columns, rows = 5 }: { columns: number; rows?: number }) {
  const { t } = useI18n();
  return (
    <div className="skeleton-table" role="status" aria-label={t('app.loading')}>
      {Array.from({ length: rows }, (_, row) => (
        <div className="skeleton-table__row" key={row}>
          {Array.from({ length: columns }, (_, column) => (
            <span className="skeleton" key={column} />
          ))}
        </div>
      ))}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children}
    </div>
  );
}

/** A failed query: the 403 page for permission errors, otherwise the translated message and a retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.status === 403) return <Forbidden />;
  return (
    <Alert
      action={
        onRetry && (
          <button type="button" className="btn btn--secondary btn--small" onClick={onRetry}>
            {t('app.retry')}
          </button>
        )
      }
    >
      {errorMessage(error, t)}
    </Alert>
  );
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <div className="forbidden" data-testid="forbidden">
      <p className="forbidden__code">403</p>
      <h2 className="forbidden__title">{t('forbidden.title')}</h2>
      <p>{t('forbidden.body')}</p>
      <Link to="/harbor/projects">{t('not_found.home')}</Link>
    </div>
  );
}
