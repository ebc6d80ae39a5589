import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { Dialog } from '../../../components/Dialog';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { apiClient } from '../../../lib/api-client';
import { GIB, MIB } from '../../../lib/format';
import { PROJECT_NAME_PATTERN } from '../api';
import { useCreateProject } from '../queries';
import { ProxyCacheFields, proxyCacheRequest, type ProxyCacheChoice } from './ProxyCacheFields';

type Unit = 'MiB' | 'GiB' | 'TiB';
const UNIT_BYTES: Record<Unit, number> = { MiB: MIB, GiB: GIB, TiB: GIB * 1024 };

export function validateProjectName(name: string): MessageKey | null {
  if (!name) return 'projects.create.name_required';
  if (name.length > 255) return 'projects.create.name_too_long';
  if (!PROJECT_NAME_PATTERN.test(name)) return 'projects.create.name_invalid';
  return null;
}

/** Empty means unlimited (-1); otherwise a positive whole number of units. */
export function parseQuota(value: string, unit: Unit): { bytes: number } | { error: MessageKey } {
  const text = value.trim();
  if (!text) return { bytes: -1 };
  if (!/^\d+$/.test(text) || Number(text) <= 0) return { error: 'projects.create.quota_invalid' };
  const bytes = Number(text) * UNIT_BYTES[unit];
  if (!Number.isSafeInteger(bytes)) return { error: 'projects.create.quota_invalid' };
  return { bytes };
}

export function CreateProjectDialog({
  open,
  onClose,
  admin = false,
}: {
  open: boolean;
  onClose: () => void;
  /** Only system admins create proxy-cache projects (Harbor's rule). */
  admin?: boolean;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const ids = { name: useId(), quota: useId(), nameError: useId(), quotaError: useId() };
  const [name, setName] = useState('');
  const [isPublicProject, setPublic] = useState(false);
  const [quota, setQuota] = useState('');
  const [unit, setUnit] = useState<Unit>('GiB');
  const [submitted, setSubmitted] = useState(false);
  const [proxy, setProxy] = useState<ProxyCacheChoice>({ enabled: false, registryId: '', speedKb: '-1' });
  const create = useCreateProject();

  const nameError = validateProjectName(name.trim());
  const quotaResult = parseQuota(quota, unit);
  const quotaError = 'error' in quotaResult ? quotaResult.error : null;
  const proxyResult = proxyCacheRequest(proxy);

  const close = () => {
    setName('');
    setPublic(false);
    setQuota('');
    setSubmitted(false);
    setProxy({ enabled: false, registryId: '', speedKb: '-1' });
    create.reset();
    onClose();
  };

  const submit = () => {
    setSubmitted(true);
    if (nameError || 'error' in quotaResult || 'error' in proxyResult) return;
    const projectName = name.trim();
    create.mutate(
      {
        project_name: projectName,
        public: isPublicProject,
        storage_limit: quotaResult.bytes,
        ...proxyResult.request,
      },
      {
        onSuccess: () => {
          // POST answers with no body; look the new project up by name to open it.
          void apiClient
            .get<{ project_id: number }>(`/projects/${encodeURIComponent(projectName)}`, {
              headers: { 'X-Is-Resource-Name': 'true' },
            })
            .catch(() => null)
            .then((project) => {
              close();
              if (project) void navigate(`/harbor/projects/${project.project_id}/repositories`);
            });
        },
      },
    );
  };

  const showNameError = (submitted || name !== '') && nameError;
  const showQuotaError = (submitted || quota !== '') && quotaError;

  return (
    <Dialog
      open={open}
      title={t('projects.create.title')}
      onClose={close}
      onSubmit={submit}
      submitLabel={t('projects.create.submit')}
      submitting={create.isPending}
    >
      <div className="field">
        <label className="field__label" htmlFor={ids.name}>
          {t('projects.create.name')}
        </label>
        <input
          id={ids.name}
          className="field__input"
          value={name}
          autoFocus
          autoComplete="off"
          aria-invalid={showNameError ? true : undefined}
          aria-describedby={ids.nameError}
          onChange={(event) => setName(event.target.value)}
        />
        {showNameError ? (
          <span id={ids.nameError} className="field__error">
            {t(nameError)}
          </span>
        ) : (
          <span id={ids.nameError} className="field__hint">
            {t('projects.create.name_hint')}
          </span>
        )}
      </div>
      <Checkbox label={t('projects.create.public')} checked={isPublicProject} onChange={setPublic} />
      <span className="field__hint">{t('projects.create.public_hint')}</span>
      <div className="field">
        <label className="field__label" htmlFor={ids.quota}>
          {t('projects.create.quota')}
        </label>
        <div className="field__row">
          <input
            id={ids.quota}
            className="field__input"
            inputMode="numeric"
            value={quota}
            placeholder={t('projects.create.quota_unlimited')}
            aria-invalid={showQuotaError ? true : undefined}
            aria-describedby={ids.quotaError}
            onChange={(event) => setQuota(event.target.value)}
          />
          <select
            className="field__input"
            style={{ width: '6rem' }}
            aria-label={t('projects.create.quota_unit')}
            value={unit}
            onChange={(event) => setUnit(event.target.value as Unit)}
          >
            {(Object.keys(UNIT_BYTES) as Unit[]).map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
        {showQuotaError ? (
          <span id={ids.quotaError} className="field__error">
            {t(quotaError)}
          </span>
        ) : (
          <span id={ids.quotaError} className="field__hint">
            {t('projects.create.quota_hint')}
          </span>
        )}
      </div>
      {admin && <ProxyCacheFields value={proxy} onChange={setProxy} submitted={submitted} />}
      {create.isError && <Alert>{errorMessage(create.error, t)}</Alert>}
    </Dialog>
  );
}
