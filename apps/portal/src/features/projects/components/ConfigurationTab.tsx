import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { isPublic } from '../api';
import { useUpdateProjectPublic } from '../queries';
import { useProjectContext } from './ProjectPage';

/** Project settings the API supports today: the public / private switch. */
export default function ConfigurationTab() {
  const { t } = useI18n();
  const { project, canManage } = useProjectContext();
  const [value, setValue] = useState(isPublic(project));
  const [saved, setSaved] = useState(false);
  const update = useUpdateProjectPublic(project.project_id);
  const changed = value !== isPublic(project);

  return (
    <form
      className="card config-form"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        update.mutate(value, { onSuccess: () => setSaved(true) });
      }}
    >
      <div className="field">
        <span className="field__label">{t('config.access')}</span>
        <label className="check">
          <input
            type="checkbox"
            role="switch"
            checked={value}
            disabled={!canManage}
            onChange={(event) => {
              setValue(event.target.checked);
              setSaved(false);
            }}
          />
          {t('config.public')}
        </label>
        <span className="field__hint">{t('config.public_hint')}</span>
      </div>
      {!canManage && <p className="field__hint">{t('config.read_only')}</p>}
      {update.isError && <Alert>{errorMessage(update.error, t)}</Alert>}
      {saved && (
        <p className="success" role="status">
          {t('config.saved')}
        </p>
      )}
      {canManage && (
        <div>
          <button type="submit" className="btn btn--primary" disabled={!changed || update.isPending}>
            {update.isPending ? t('app.working') : t('app.save')}
          </button>
        </div>
      )}
    </form>
  );
}
