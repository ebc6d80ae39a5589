import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Dialog } from '../../../components/Dialog';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, QueryError, TableSkeleton } from '../../../components/States';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/use-debounced';
import type { User } from '../api';
import { currentUserQuery, useCreateUser, useDeleteUser, useResetPassword, useSetSysAdmin, userListQuery } from '../queries';
import '../../../components/ui.css';

const PAGE_SIZE = 15;

/** Harbor's password policy: 8–128 characters with an uppercase letter, a lowercase letter and a digit. */
export function passwordProblem(password: string): MessageKey | null {
  if (password.length < 8 || password.length > 128) return 'users.password_policy';
  if (!/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/\d/.test(password)) return 'users.password_policy';
  return null;
}

function TextField({
  label,
  value,
  onChange,
  error,
  type = 'text',
  autoFocus,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  type?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type={type}
        className="field__input"
        value={value}
        autoFocus={autoFocus}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && <span className="field__error">{error}</span>}
    </div>
  );
}

function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const empty = { username: '', email: '', realname: '', password: '', confirm: '', comment: '' };
  const [form, setForm] = useState(empty);
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateUser();
  const set = (key: keyof typeof empty) => (value: string) => setForm((current) => ({ ...current, [key]: value }));

  const errors: Partial<Record<keyof typeof empty, MessageKey>> = {};
  if (!form.username.trim()) errors.username = 'users.required';
  else if (/[,~#$%"]/.test(form.username)) errors.username = 'users.username_invalid';
  if (!form.email.trim()) errors.email = 'users.required';
  else if (!/^[^\s@]+@[^\s@]+$/.test(form.email.trim())) errors.email = 'users.email_invalid';
  if (!form.realname.trim()) errors.realname = 'users.required';
  const policy = passwordProblem(form.password);
  if (policy) errors.password = policy;
  if (form.confirm !== form.password) errors.confirm = 'users.password_mismatch';
  const err = (key: keyof typeof empty) => {
    const e = errors[key];
    return e && (submitted || (form[key] !== '' && key !== 'username')) ? t(e) : null;
  };

  const close = () => {
    setForm(empty);
    setSubmitted(false);
    create.reset();
    onClose();
  };

  return (
    <Dialog
      open={open}
      title={t('users.create_title')}
      onClose={close}
      submitLabel={t('users.create_submit')}
      submitting={create.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (Object.keys(errors).length) return;
        create.mutate(
          {
            username: form.username.trim(),
            email: form.email.trim(),
            realname: form.realname.trim(),
            password: form.password,
            comment: form.comment.trim() || undefined,
          },
          { onSuccess: close },
        );
      }}
    >
      <TextField label={t('users.username')} value={form.username} onChange={set('username')} error={err('username')} autoFocus />
      <TextField label={t('users.email')} type="email" value={form.email} onChange={set('email')} error={err('email')} />
      <TextField label={t('users.realname')} value={form.realname} onChange={set('realname')} error={err('realname')} />
      <TextField label={t('users.password')} type="password" value={form.password} onChange={set('password')} error={err('password')} />
      <TextField label={t('users.confirm_password')} type="password" value={form.confirm} onChange={set('confirm')} error={err('confirm')} />
      <TextField label={t('users.comment')} value={form.comment} onChange={set('comment')} />
      {create.isError && <Alert>{errorMessage(create.error, t)}</Alert>}
    </Dialog>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const reset = useResetPassword();
  const policy = passwordProblem(password);
  const mismatch = confirm !== password;
  const close = () => {
    setPassword('');
    setConfirm('');
    setSubmitted(false);
    reset.reset();
    onClose();
  };
  return (
    <Dialog
      open={user !== null}
      title={t('users.reset_title', { name: user?.username ?? '' })}
      onClose={close}
      submitLabel={t('app.save')}
      submitting={reset.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (!user || policy || mismatch) return;
        reset.mutate({ userId: user.user_id, password }, { onSuccess: close });
      }}
    >
      <TextField
        label={t('users.new_password')}
        type="password"
        value={password}
        onChange={setPassword}
        error={(submitted || password) && policy ? t(policy) : null}
        autoFocus
      />
      <TextField
        label={t('users.confirm_password')}
        type="password"
        value={confirm}
        onChange={setConfirm}
        error={(submitted || confirm) && mismatch ? t('users.password_mismatch') : null}
      />
      {reset.isError && <Alert>{errorMessage(reset.error, t)}</Alert>}
    </Dialog>
  );
}

/** Administration › Users: search, create, make or revoke admin, reset password, delete. */
export default function UsersPage() {
  const { t, locale } = useI18n();
  const me = useQuery(currentUserQuery());
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const username = useDebounced(search.trim());
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const users = useQuery(userListQuery({ page, pageSize: PAGE_SIZE, username }));
  const sysadmin = useSetSysAdmin();
  const remove = useDeleteUser();

  let body;
  if (users.isPending) body = <TableSkeleton columns={5} />;
  else if (users.isError) body = <QueryError error={users.error} onRetry={() => void users.refetch()} />;
  else if (users.data.items.length === 0)
    body = <EmptyState title={username ? t('users.no_match', { name: username }) : t('users.empty')} />;
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('users.username')}</th>
                <th>{t('users.admin')}</th>
                <th>{t('users.email')}</th>
                <th>{t('users.realname')}</th>
                <th>{t('users.registered')}</th>
                <th className="table__actions">{t('app.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => {
                const self = user.user_id === me.data?.user_id;
                return (
                  <tr key={user.user_id}>
                    <td>{user.username}</td>
                    <td>
                      {user.sysadmin_flag ? (
                        <span className="badge badge--admin">{t('users.yes')}</span>
                      ) : (
                        <span className="badge">{t('users.no')}</span>
                      )}
                    </td>
                    <td>{user.email || '—'}</td>
                    <td>{user.realname || '—'}</td>
                    <td>{formatDateTime(user.creation_time, locale)}</td>
                    <td className="table__actions">
                      <button
                        type="button"
                        className="btn btn--link"
                        disabled={self || sysadmin.isPending}
                        onClick={() => sysadmin.mutate({ userId: user.user_id, sysadmin: !user.sysadmin_flag })}
                      >
                        {user.sysadmin_flag ? t('users.unset_admin') : t('users.set_admin')}
                      </button>
                      <button type="button" className="btn btn--link" onClick={() => setResetting(user)}>
                        {t('users.reset_password')}
                      </button>
                      <button
                        type="button"
                        className="btn btn--link danger"
                        disabled={self || user.user_id === 1}
                        onClick={() => setDeleting(user)}
                      >
                        {t('app.delete')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pageSize={PAGE_SIZE} total={users.data.total} onPageChange={setPage} />
      </>
    );

  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('admin.users_title')}</h1>
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
          {t('users.new')}
        </button>
        <span className="toolbar__spacer" />
        <input
          type="search"
          className="search"
          placeholder={t('users.search')}
          aria-label={t('users.search')}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage(1);
          }}
        />
      </div>
      {sysadmin.isError && <Alert>{errorMessage(sysadmin.error, t)}</Alert>}
      {body}
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={t('users.delete_title')}
        message={t('users.delete_confirm', { name: deleting?.username ?? '' })}
        confirmLabel={t('app.delete')}
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting.user_id, { onSuccess: () => setDeleting(null) });
        }}
      />
    </section>
  );
}
