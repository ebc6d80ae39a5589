import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { TextField } from '../../../components/TextField';
import type { UserCreation } from '../api';

/** Harbor's password policy: 8–128 characters with an uppercase letter, a lowercase letter and a digit. */
export function passwordProblem(password: string): MessageKey | null {
  if (password.length < 8 || password.length > 128) return 'users.password_policy';
  if (!/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/\d/.test(password))
    return 'users.password_policy';
  return null;
}

export const EMPTY_NEW_USER = {
  username: '',
  email: '',
  realname: '',
  password: '',
  confirm: '',
  comment: '',
};
export type NewUserForm = typeof EMPTY_NEW_USER;

/** What is wrong with each field of a new user (Harbor's rules); empty when it can be sent. */
export function newUserErrors(form: NewUserForm): Partial<Record<keyof NewUserForm, MessageKey>> {
  const errors: Partial<Record<keyof NewUserForm, MessageKey>> = {};
  if (!form.username.trim()) errors.username = 'users.required';
  else if (/[,~#$%"]/.test(form.username)) errors.username = 'users.username_invalid';
  if (!form.email.trim()) errors.email = 'users.required';
  else if (!/^[^\s@]+@[^\s@]+$/.test(form.email.trim())) errors.email = 'users.email_invalid';
  if (!form.realname.trim()) errors.realname = 'users.required';
  const policy = passwordProblem(form.password);
  if (policy) errors.password = policy;
  if (form.confirm !== form.password) errors.confirm = 'users.password_mismatch';
  return errors;
}

export function toUserCreation(form: NewUserForm): UserCreation {
  return {
    username: form.username.trim(),
    email: form.email.trim(),
    realname: form.realname.trim(),
    password: form.password,
    comment: form.comment.trim() || undefined,
  };
}

/** The fields of a new user (admin's New User dialog and the sign-up page); errors show once submitted or typed. */
export function NewUserFields({
  form,
  onChange,
  submitted,
}: {
  form: NewUserForm;
  onChange: (form: NewUserForm) => void;
  submitted: boolean;
}) {
  const { t } = useI18n();
  const errors = newUserErrors(form);
  const set = (key: keyof NewUserForm) => (value: string) => onChange({ ...form, [key]: value });
  const err = (key: keyof NewUserForm) => {
    const e = errors[key];
    return e && (submitted || (form[key] !== '' && key !== 'username')) ? t(e) : null;
  };
  return (
    <>
      <TextField
        label={t('users.username')}
        value={form.username}
        onChange={set('username')}
        error={err('username')}
        autoFocus
      />
      <TextField
        label={t('users.email')}
        type="email"
        value={form.email}
        onChange={set('email')}
        error={err('email')}
      />
      <TextField
        label={t('users.realname')}
        value={form.realname}
        onChange={set('realname')}
        error={err('realname')}
      />
      <TextField
        label={t('users.password')}
        type="password"
        value={form.password}
        onChange={set('password')}
        error={err('password')}
        hint={t('users.password_policy')}
      />
      <TextField
        label={t('users.confirm_password')}
        type="password"
        value={form.confirm}
        onChange={set('confirm')}
        error={err('confirm')}
      />
      <TextField label={t('users.comment')} value={form.comment} onChange={set('comment')} />
    </>
  );
}
