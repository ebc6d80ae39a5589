import { useI18n } from '../i18n/I18nProvider';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
}

/** "1 - 15 of 42 items" with previous / next; hidden when everything fits on one page. */
export function Pagination({ page, pageSize, total, onPageChange }: PaginationProps) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <span className="pagination__summary">{t('pagination.summary', { first, last, total })}</span>
      {pages > 1 && (
        <span className="pagination__controls">
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={page <= 1}
            onClick={() => onPageChange(page - 1)}
          >
            {t('pagination.previous')}
          </button>
          <span>{t('pagination.page', { page, pages })}</span>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={page >= pages}
            onClick={() => onPageChange(page + 1)}
          >
            {t('pagination.next')}
          </button>
        </span>
      )}
    </nav>
  );
}
