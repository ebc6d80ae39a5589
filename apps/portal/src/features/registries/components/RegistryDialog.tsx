import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { Dialog } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { pingRegistry, type Registry, type RegistryPing } from '../api';
import { providerInfosQuery, providerTypesQuery, useRegistryChanges } from '../queries';

interface Form {
  type: string;
  name: string;
  description: string;
  url: string;
  accessKey: string;
  /** Empty on edit means "keep the stored secret": core never sends it back. */
  accessSecret: string;
  verifyCert: boolean;
}

const formOf = (registry?: Registry): Form => ({
  type: registry?.type ?? 'harbor',
  name: registry?.name ?? '',
  description: registry?.description ?? '',
  url: registry?.url ?? '',
  accessKey: registry?.credential?.access_key ?? '',
  accessSecret: '',
  verifyCert: !(registry?.insecure ?? false),
});

/**
 * Harbor's New Registry Endpoint / Edit Endpoint: provider, name, description, endpoint URL (picked
 * from the provider's fixed endpoints when it declares some), access ID and secret, Verify Remote Cert,
 * and Test Connection, which asks core to reach the registry with what the form holds.
 */
export function RegistryDialog({ editing, onClose }: { editing?: Registry; onClose: () => void }) {
  const { t } = useI18n();
  const ids = { provider: useId(), endpoint: useId() };
  const types = useQuery(providerTypesQuery());
  const infos = useQuery(providerInfosQuery());
  const { create, update } = useRegistryChanges();
  const save = editing ? update : create;
  const [form, setForm] = useState<Form>(() => formOf(editing));
  const [tested, setTested] = useState<{ ok: true } | { ok: false; message: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const endpoints = infos.data?.[form.type]?.endpoint_pattern?.endpoints ?? [];
  const change = (next: Partial<Form>) => {
    setForm((current) => ({ ...current, ...next }));
    setTested(null);
    save.reset();
  };
  const chooseType = (type: string) => {
    const fixed = infos.data?.[type]?.endpoint_pattern?.endpoints?.[0]?.value;
    change({ type, url: fixed ?? '' });
  };
  const ping: RegistryPing = editing
    ? {
        id: editing.id,
        type: form.type,
        access_key: form.accessKey,
        ...(form.accessSecret ? { access_secret: form.accessSecret } : {}),
      }
    : {
        type: form.type,
        url: form.url,
        insecure: !form.verifyCert,
        access_key: form.accessKey,
        access_secret: form.accessSecret,
      };
  const testConnection = () => {
    setTesting(true);
    void pingRegistry(ping)
      .then(
        () => setTested({ ok: true }),
        (error: unknown) => setTested({ ok: false, message: errorMessage(error, t) }),
      )
      .finally(() => setTesting(false));
  };
  const submit = () => {
    if (editing)
      update.mutate(
        {
          id: editing.id,
          update: {
            name: form.name,
            description: form.description,
            url: form.url,
            insecure: !form.verifyCert,
            access_key: form.accessKey,
            ...(form.accessSecret ? { access_secret: form.accessSecret } : {}),
          },
        },
        { onSuccess: onClose },
      );
    else
      create.mutate(
        {
          name: form.name,
          description: form.description,
          type: form.type,
          url: form.url,
          insecure: !form.verifyCert,
          credential: form.accessKey
            ? { type: 'basic', access_key: form.accessKey, access_secret: form.accessSecret }
            : undefined,
        },
        { onSuccess: onClose },
      );
  };
  return (
    <Dialog
      open
      title={editing ? t('registries.edit_title') : t('registries.new_title')}
      onClose={onClose}
      submitLabel={t('app.ok')}
      submitting={save.isPending}
      submitDisabled={!form.name || !form.url}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={ids.provider}>
          {t('registries.provider')}
        </label>
        <select
          id={ids.provider}
          className="field__input"
          value={form.type}
          disabled={editing !== undefined}
          onChange={(event) => chooseType(event.target.value)}
        >
          {(types.data ?? [form.type]).map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label={t('registries.name')}
        value={form.name}
        onChange={(name) => change({ name })}
        autoFocus
      />
      <TextField
        label={t('registries.description')}
        value={form.description}
        onChange={(description) => change({ description })}
      />
      {endpoints.length > 1 ? (
        <div className="field">
          <label className="field__label" htmlFor={ids.endpoint}>
            {t('registries.url')}
          </label>
          <select
            id={ids.endpoint}
            className="field__input"
            value={form.url}
            onChange={(event) => change({ url: event.target.value })}
          >
            {endpoints.map((endpoint) => (
              <option key={endpoint.key} value={endpoint.value}>
                {endpoint.key} ({endpoint.value})
              </option>
            ))}
          </select>
        </div>
      ) : (
        <TextField label={t('registries.url')} value={form.url} onChange={(url) => change({ url })} />
      )}
      <TextField
        label={t('registries.access_id')}
        value={form.accessKey}
        onChange={(accessKey) => change({ accessKey })}
      />
      <TextField
        label={t('registries.access_secret')}
        type="password"
        value={form.accessSecret}
        hint={editing ? t('registries.secret_keep') : undefined}
        onChange={(accessSecret) => change({ accessSecret })}
      />
      <Checkbox
        label={t('registries.verify_cert')}
        checked={form.verifyCert}
        onChange={(verifyCert) => change({ verifyCert })}
      />
      <div>
        <button type="button" className="btn" disabled={!form.url || testing} onClick={testConnection}>
          {testing ? t('registries.testing') : t('registries.test_connection')}
        </button>
      </div>
      {tested?.ok && (
        <p className="success" role="status">
          {t('registries.test_ok')}
        </p>
      )}
      {tested && !tested.ok && (
        <Alert>
          {t('registries.test_failed')} {tested.message}
        </Alert>
      )}
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </Dialog>
  );
}
