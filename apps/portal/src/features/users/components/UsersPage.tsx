import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useConfirm } from '../../../components/use-confirm';
import { Dialog } from '../../../components/Dialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { TextField } from '../../../components/TextField';
import { EmptyState } from '../../../components/States';
import { SearchBox } from '../../../components/SearchBox';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { formatDateTime } from '../../../lib/format';
import { useUrlSearch, useUrlSort, useUrlState } from '../../../lib/use-url-state';
import type { User } from '../api';
import {
  currentUserQuery,
  useCreateUser,
  useDeleteUser,
  useResetPassword,
  useSetSysAdmin,
  userListQuery,
} from '../queries';
import { EMPTY_NEW_USER, NewUserFields, newUserErrors, passwordProblem, toUserCreation } from './UserFields';
import '../../../components/ui.css';

const PAGE_SIZE = 15;
// Core's sortable user fields (Harbor's `sort=username` / `-creation_time`).
const SORT_FIELDS = ['username', 'email', 'realname', 'creation_time'];

function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY_NEW_USER);
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateUser();

  const close = () => {
    setForm(EMPTY_NEW_USER);
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
        if (Object.keys(newUserErrors(form)).length) return;
        create.mutate(toUserCreation(form), { onSuccess: close });
      }}
    >
      <NewUserFields form={form} onChange={setForm} submitted={submitted} />
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
  const { page, setPage } = useUrlState();
  const { input: search, setInput: setSearch, value: username } = useUrlSearch('username');
  const { sort, setSort } = useUrlSort(SORT_FIELDS);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const users = useQuery(userListQuery({ page, pageSize: PAGE_SIZE, username, sort }));
  const sysadmin = useSetSysAdmin();
  const remove = useDeleteUser();
  const deleting = useConfirm(remove, (user: User) => user.user_id);

  const columns: Column<User>[] = [
    { key: 'username', header: t('users.username'), sortField: 'username', cell: (user) => user.username },
    {
      key: 'admin',
      header: t('users.admin'),
      cell: (user) =>
        user.sysadmin_flag ? (
          <span className="badge badge--admin">{t('users.yes')}</span>
        ) : (
          <span className="badge">{t('users.no')}</span>
        ),
    },
    { key: 'email', header: t('users.email'), sortField: 'email', cell: (user) => user.email || '—' },
    {
      key: 'realname',
      header: t('users.realname'),
      sortField: 'realname',
      cell: (user) => user.realname || '—',
    },
    {
      key: 'registered',
      header: t('users.registered'),
      sortField: 'creation_time',
      cell: (user) => formatDateTime(user.creation_time, locale),
    },
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (user) => {
        const self = user.user_id === me.data?.user_id;
        return (
          <>
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
              onClick={() => deleting.ask(user)}
            >
              {t('app.delete')}
            </button>
          </>
        );
      },
    },
  ];
  const body = (
    <DataTable
      query={users}
      columns={columns}
      rowKey={(user) => user.user_id}
      empty={<EmptyState title={username ? t('users.no_match', { name: username }) : t('users.empty')} />}
      sort={sort}
      onSortChange={setSort}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
    />
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
        <SearchBox
          label={t('users.search')}
          value={search}
          onChange={(text) => {
            setSearch(text);
            setPage(1);
          }}
        />
      </div>
      {sysadmin.isError && <Alert>{errorMessage(sysadmin.error, t)}</Alert>}
      {body}
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <ConfirmDialog
        {...deleting.dialog}
        title={t('users.delete_title')}
        message={t('users.delete_confirm', { name: deleting.target?.username ?? '' })}
        confirmLabel={t('app.delete')}
      />
    </section>
  );
}
