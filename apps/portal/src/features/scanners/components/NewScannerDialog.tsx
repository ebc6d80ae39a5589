import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { pingScanner, SCANNER_AUTHS, type ScannerInput } from '../api';
import { useScannerChanges } from '../queries';

/** Register a scanner: name, endpoint, authentication; "Test connection" asks core to reach it first. */
export function NewScannerDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { create } = useScannerChanges();
  const [input, setInput] = useState<ScannerInput>({
    name: '',
    url: '',
    auth: '',
    access_credential: '',
    skip_certVerify: false,
    use_internal_addr: false,
    disabled: false,
  });
  const [tested, setTested] = useState<{ ok: true } | { ok: false; message: string } | null>(null);
  const change = (next: Partial<ScannerInput>) => {
    setInput((current) => ({ ...current, ...next }));
    setTested(null);
  };
  const body: ScannerInput = {
    ...input,
    access_credential: input.auth ? input.access_credential : undefined,
  };
  return (
    <Dialog
      open={open}
      title={t('scanners.new')}
      onClose={onClose}
      submitLabel={t('scanners.add')}
      submitting={create.isPending}
      submitDisabled={!input.name || !input.url}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(body, { onSuccess: onClose });
      }}
    >
      <TextField
        label={t('scanners.name')}
        value={input.name}
        onChange={(name) => change({ name })}
        autoFocus
      />
      <TextField label={t('scanners.endpoint')} value={input.url} onChange={(url) => change({ url })} />
      <label className="field">
        <span className="field__label">{t('scanners.auth')}</span>
        <select value={input.auth ?? ''} onChange={(event) => change({ auth: event.target.value })}>
          {SCANNER_AUTHS.map((auth) => (
            <option key={auth} value={auth}>
              {auth || t('scanners.auth_none')}
            </option>
          ))}
        </select>
      </label>
      {input.auth && (
        <TextField
          label={t('scanners.credential')}
          type="password"
          value={input.access_credential ?? ''}
          onChange={(access_credential) => change({ access_credential })}
        />
      )}
      <div>
        <button
          type="button"
          className="btn"
          disabled={!input.url}
          onClick={() =>
            void pingScanner(body).then(
              () => setTested({ ok: true }),
              (error: unknown) => setTested({ ok: false, message: errorMessage(error, t) }),
            )
          }
        >
          {t('scanners.test')}
        </button>
      </div>
      {tested?.ok && (
        <p className="success" role="status">
          {t('scanners.test_ok')}
        </p>
      )}
      {tested && !tested.ok && <Alert>{tested.message}</Alert>}
      {create.isError && <Alert>{errorMessage(create.error, t)}</Alert>}
    </Dialog>
  );
}
