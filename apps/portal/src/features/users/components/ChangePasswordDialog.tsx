import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n, type Translate } from '../../../i18n/I18nProvider';
import { ApiError } from '../../../lib/api-error';
import { useChangePassword } from '../queries';
import { TextField } from '../../../components/TextField';
import { passwordProblem } from './UserFields';

const EMPTY = { current: '', password: '', confirm: '' };

/** Core answers a wrong current password with 403 and a reused one with a 400 that says so. */
function failureMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError && error.status === 403) return t('password.wrong_current');
  if (error instanceof ApiError && error.status === 400 && /same/i.test(error.message))
    return t('password.same');
  return errorMessage(error, t);
}

/** The signed-in user changes their own password (current one required, Harbor's policy shown). */
export function ChangePasswordDialog({
  userId,
  open,
  onClose,
  onChanged,
}: {
  userId: number;
  open: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const change = useChangePassword();
  const set = (key: keyof typeof EMPTY) => (value: string) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (change.isError) change.reset();
  };
  const policy = passwordProblem(form.password);
  const errors = {
    current: form.current ? null : t('users.required'),
    password: policy ? t(policy) : form.password === form.current ? t('password.same') : null,
    confirm: form.confirm === form.password ? null : t('users.password_mismatch'),
  };
  const shown = (key: keyof typeof EMPTY) => (submitted || (key !== 'current' && form[key])) && errors[key];
  const close = () => {
    setForm(EMPTY);
    setSubmitted(false);
    change.reset();
    onClose();
  };
  return (
    <Dialog
      open={open}
      title={t('password.title')}
      onClose={close}
      submitLabel={t('app.save')}
      submitting={change.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (errors.current || errors.password || errors.confirm) return;
        change.mutate(
          { userId, oldPassword: form.current, newPassword: form.password },
          {
            onSuccess: () => {
              close();
              onChanged();
            },
          },
        );
      }}
    >
      <TextField
        label={t('password.current')}
        type="password"
        autoComplete="current-password"
        value={form.current}
        onChange={set('current')}
        error={shown('current') || null}
        autoFocus
      />
      <TextField
        label={t('password.new')}
        type="password"
        value={form.password}
        onChange={set('password')}
        error={shown('password') || null}
        hint={t('users.password_policy')}
      />
      <TextField
        label={t('password.confirm')}
        type="password"
        value={form.confirm}
        onChange={set('confirm')}
        error={shown('confirm') || null}
      />
      {change.isError && <Alert>{failureMessage(change.error, t)}</Alert>}
    </Dialog>
  );
}
