import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Spinner } from '../../../components/Spinner';
import { QueryError } from '../../../components/States';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { repositoryDetailQuery, useUpdateRepositoryDescription } from '../queries';
import './repository-info.css';

interface RepositoryInfoProps {
  projectName: string;
  /** Without the project prefix. */
  repository: string;
  canEdit: boolean;
}

/** Harbor's repository Info tab: the description (markdown, shown as text), editable by maintainers and up. */
export function RepositoryInfo({ projectName, repository, canEdit }: RepositoryInfoProps) {
  const { t } = useI18n();
  const detail = useQuery(repositoryDetailQuery(projectName, repository));
  const save = useUpdateRepositoryDescription(projectName, repository);
  const [draft, setDraft] = useState<string | null>(null);
  const fieldId = useId();

  if (detail.isPending) return <Spinner label={t('app.loading')} />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
  const description = detail.data.description ?? '';

  if (draft !== null)
    return (
      <form
        className="repository-info"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(draft, { onSuccess: () => setDraft(null) });
        }}
      >
        <label className="field__label" htmlFor={fieldId}>
          {t('repositories.description')}
        </label>
        <textarea
          id={fieldId}
          className="field__input repository-info__editor"
          rows={10}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
        <div className="toolbar">
          <button type="submit" className="btn btn--primary" disabled={save.isPending}>
            {save.isPending ? t('app.working') : t('app.save')}
          </button>
          <button type="button" className="btn" onClick={() => setDraft(null)}>
            {t('app.cancel')}
          </button>
        </div>
      </form>
    );

  return (
    <section className="repository-info" aria-label={t('repositories.description')}>
      {description ? (
        <pre className="repository-info__text">{description}</pre>
      ) : (
        <p className="quota__text">{t('repositories.no_description')}</p>
      )}
      {canEdit && (
        <button type="button" className="btn" onClick={() => setDraft(description)}>
          {t('repositories.edit_description')}
        </button>
      )}
    </section>
  );
}
