import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { CopyButton } from '../../../components/CopyButton';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { useSetCliSecret } from '../queries';
import { passwordProblem } from './UserFields';

const EMPTY = { secret: '', confirm: '' };

/**
 * An OIDC user's CLI secret, the password for `docker login` and API calls: hidden until asked for, with
 * copy, and Harbor's two ways to replace it (core makes one up, or the user sets their own).
 */
export function CliSecretField({ userId, secret }: { userId: number; secret: string }) {
  const { t } = useI18n();
  const id = useId();
  const [visible, setVisible] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const [changed, setChanged] = useState(false);
  const change = useSetCliSecret();
  const policy = passwordProblem(form.secret);
  const errors = {
    secret: policy ? t('profile.secret_policy') : null,
    confirm: form.confirm === form.secret ? null : t('profile.secret_mismatch'),
  };
  const set = (key: keyof typeof EMPTY) => (value: string) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (change.isError) change.reset();
  };
  const done = () => {
    setChanged(true);
    setUploading(false);
    setForm(EMPTY);
    setSubmitted(false);
  };
  const submit = (newSecret: string) => {
    setChanged(false);
    change.mutate({ userId, secret: newSecret }, { onSuccess: done });
  };

  return (
    <div className="secret">
      <div className="field">
        <label className="field__label" htmlFor={id}>
          {t('profile.cli_secret')}
        </label>
        <div className="field__row">
          <input
            id={id}
            className="field__input mono"
            type={visible ? 'text' : 'password'}
            value={secret}
            readOnly
            autoComplete="off"
          />
          <button
            type="button"
            className="icon-btn"
            aria-pressed={visible}
            aria-label={visible ? t('profile.hide_secret') : t('profile.show_secret')}
            title={visible ? t('profile.hide_secret') : t('profile.show_secret')}
            onClick={() => setVisible((value) => !value)}
          >
            <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
              <path
                fill="currentColor"
                d={
                  visible
                    ? 'M2 5.3 3.3 4 20 20.7 18.7 22l-3.1-3.1A11 11 0 0 1 12 19.5C7 19.5 2.7 16.4 1 12a11.8 11.8 0 0 1 3.8-5ZM12 4.5c5 0 9.3 3.1 11 7.5a11.9 11.9 0 0 1-3.4 4.7l-2.9-2.9A5 5 0 0 0 10.2 7.3L7.9 5A11 11 0 0 1 12 4.5Z'
                    : 'M12 4.5c5 0 9.3 3.1 11 7.5-1.7 4.4-6 7.5-11 7.5S2.7 16.4 1 12c1.7-4.4 6-7.5 11-7.5Zm0 3a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9Zm0 2a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5Z'
                }
              />
            </svg>
          </button>
          <CopyButton text={secret} label={t('profile.copy_secret')} />
        </div>
        <span className="field__hint">{t('profile.cli_secret_hint')}</span>
      </div>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={change.isPending}
          onClick={() => {
            setUploading(false);
            submit('');
          }}
        >
          {t('profile.generate_secret')}
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          aria-expanded={uploading}
          disabled={change.isPending}
          onClick={() => {
            change.reset();
            setChanged(false);
            setUploading((value) => !value);
          }}
        >
          {t('profile.upload_secret')}
        </button>
      </div>
      {uploading && (
        <div className="secret">
          <TextField
            label={t('profile.new_secret')}
            type="password"
            value={form.secret}
            onChange={set('secret')}
            error={(submitted || form.secret) && errors.secret ? errors.secret : null}
            hint={t('profile.secret_policy')}
            autoFocus
          />
          <TextField
            label={t('profile.confirm_secret')}
            type="password"
            value={form.confirm}
            onChange={set('confirm')}
            error={(submitted || form.confirm) && errors.confirm ? errors.confirm : null}
          />
          <div className="toolbar">
            <button
              type="button"
              className="btn btn--primary btn--small"
              disabled={change.isPending}
              onClick={() => {
                setSubmitted(true);
                if (errors.secret || errors.confirm) return;
                submit(form.secret);
              }}
            >
              {change.isPending ? t('app.working') : t('profile.save_secret')}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => {
                setUploading(false);
                setForm(EMPTY);
                setSubmitted(false);
                change.reset();
              }}
            >
              {t('app.cancel')}
            </button>
          </div>
        </div>
      )}
      {change.isError && (
        <Alert>{t('profile.secret_failed', { reason: errorMessage(change.error, t) })}</Alert>
      )}
      {changed && (
        <p className="success" role="status">
          {t('profile.secret_changed')}
        </p>
      )}
    </div>
  );
}
