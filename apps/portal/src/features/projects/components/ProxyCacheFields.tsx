import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Checkbox } from '../../../components/Checkbox';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { registryListQuery } from '../../registries/queries';
import type { ProjectCreation } from '../api';

export interface ProxyCacheChoice {
  enabled: boolean;
  registryId: string;
  /** KB/s as typed; -1 for no limit, as Harbor's bandwidth field. */
  speedKb: string;
}

/** The request fields of a proxy-cache choice, or the message to show. */
export function proxyCacheRequest(
  choice: ProxyCacheChoice,
): { request: Pick<ProjectCreation, 'registry_id' | 'metadata'> } | { error: MessageKey } {
  if (!choice.enabled) return { request: {} };
  if (!choice.registryId) return { error: 'projects.create.proxy_endpoint_required' };
  const speed = choice.speedKb.trim() || '-1';
  if (!/^-?\d+$/.test(speed) || Number(speed) < -1 || Number(speed) > 2147483647)
    return { error: 'projects.create.proxy_speed_invalid' };
  return { request: { registry_id: Number(choice.registryId), metadata: { proxy_speed_kb: speed } } };
}

/** Harbor's "Proxy Cache" switch in New Project: the endpoint to pull through and its bandwidth. */
export function ProxyCacheFields({
  value,
  onChange,
  submitted,
}: {
  value: ProxyCacheChoice;
  onChange: (next: ProxyCacheChoice) => void;
  submitted: boolean;
}) {
  const { t } = useI18n();
  const ids = { endpoint: useId(), speed: useId(), error: useId() };
  const registries = useQuery({ ...registryListQuery(), enabled: value.enabled });
  const result = proxyCacheRequest(value);
  const error = submitted && 'error' in result ? result.error : null;
  return (
    <>
      <Checkbox
        label={t('projects.create.proxy_cache')}
        checked={value.enabled}
        onChange={(enabled) => onChange({ ...value, enabled })}
      />
      <span className="field__hint">{t('projects.create.proxy_cache_hint')}</span>
      {value.enabled && (
        <>
          <div className="field">
            <label className="field__label" htmlFor={ids.endpoint}>
              {t('projects.create.proxy_endpoint')}
            </label>
            <select
              id={ids.endpoint}
              className="field__input"
              value={value.registryId}
              aria-describedby={ids.error}
              onChange={(event) => onChange({ ...value, registryId: event.target.value })}
            >
              <option value="">{t('projects.create.proxy_endpoint_choose')}</option>
              {(registries.data?.items ?? []).map((registry) => (
                <option key={registry.id} value={String(registry.id)}>
                  {`${registry.name} (${registry.url})`}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={ids.speed}>
              {t('projects.create.proxy_speed')}
            </label>
            <input
              id={ids.speed}
              className="field__input"
              inputMode="numeric"
              value={value.speedKb}
              onChange={(event) => onChange({ ...value, speedKb: event.target.value })}
            />
            <span className="field__hint">{t('projects.create.proxy_speed_hint')}</span>
          </div>
          {error && (
            <span id={ids.error} className="field__error">
              {t(error)}
            </span>
          )}
        </>
      )}
    </>
  );
}
