import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { Dialog } from '../../../components/Dialog';
import { SearchBox } from '../../../components/SearchBox';
import { EmptyState } from '../../../components/States';
import { TextField } from '../../../components/TextField';
import { useConfirm } from '../../../components/use-confirm';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import { useUrlSearch, useUrlState } from '../../../lib/use-url-state';
import { systemInfoQuery } from '../../systeminfo/queries';
import { GROUP_TYPES, type GroupType, type UserGroup } from '../api';
import { useCreateUserGroup, useDeleteUserGroup, useRenameUserGroup, userGroupListQuery } from '../queries';
import '../../../components/ui.css';

const PAGE_SIZE = 15;

const TYPE_KEYS: Record<number, MessageKey> = {
  [GROUP_TYPES.ldap]: 'groups.type_ldap',
  [GROUP_TYPES.http]: 'groups.type_http',
  [GROUP_TYPES.oidc]: 'groups.type_oidc',
};

function NewGroupDialog({ ldap, oidc, onClose }: { ldap: boolean; oidc: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const typeId = useId();
  const [name, setName] = useState('');
  const [dn, setDn] = useState('');
  const [type, setType] = useState<GroupType>(oidc ? GROUP_TYPES.oidc : GROUP_TYPES.http);
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateUserGroup();
  const nameMissing = !name.trim();
  const dnMissing = ldap && !dn.trim();
  return (
    <Dialog
      open
      title={t('groups.new_title')}
      onClose={onClose}
      submitLabel={t('groups.create')}
      submitting={create.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (nameMissing || dnMissing) return;
        create.mutate(
          ldap
            ? { group_name: name.trim(), group_type: GROUP_TYPES.ldap, ldap_group_dn: dn.trim() }
            : { group_name: name.trim(), group_type: type },
          { onSuccess: onClose },
        );
      }}
    >
      <TextField
        label={t('groups.name')}
        value={name}
        onChange={setName}
        autoFocus
        error={submitted && nameMissing ? t('groups.name_required') : null}
      />
      {ldap ? (
        <TextField
          label={t('groups.ldap_dn')}
          value={dn}
          onChange={setDn}
          hint={t('groups.ldap_dn_hint')}
          error={submitted && dnMissing ? t('groups.ldap_dn_required') : null}
        />
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={typeId}>
            {t('groups.type')}
          </label>
          <select
            id={typeId}
            className="field__input"
            value={type}
            onChange={(event) => setType(Number(event.target.value) as GroupType)}
          >
            <option value={GROUP_TYPES.http}>{t('groups.type_http')}</option>
            <option value={GROUP_TYPES.oidc}>{t('groups.type_oidc')}</option>
          </select>
        </div>
      )}
      {create.isError && <Alert>{errorMessage(create.error, t)}</Alert>}
    </Dialog>
  );
}

function EditGroupDialog({ group, onClose }: { group: UserGroup; onClose: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(group.group_name);
  const [submitted, setSubmitted] = useState(false);
  const rename = useRenameUserGroup();
  const missing = !name.trim();
  return (
    <Dialog
      open
      title={t('groups.edit_title', { name: group.group_name })}
      onClose={onClose}
      submitLabel={t('app.save')}
      submitting={rename.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (missing) return;
        rename.mutate({ id: group.id, groupName: name.trim() }, { onSuccess: onClose });
      }}
    >
      <TextField
        label={t('groups.name')}
        value={name}
        onChange={setName}
        autoFocus
        error={submitted && missing ? t('groups.name_required') : null}
      />
      {group.ldap_group_dn && (
        <p className="field__hint">
          {t('groups.ldap_dn')}: <span className="mono">{group.ldap_group_dn}</span>
        </p>
      )}
      {rename.isError && <Alert>{errorMessage(rename.error, t)}</Alert>}
    </Dialog>
  );
}

/** Administration › Groups: the user groups projects can add as members (LDAP, HTTP or OIDC groups). */
export default function GroupsPage() {
  const { t } = useI18n();
  const info = useQuery(systemInfoQuery());
  const { page, setPage } = useUrlState();
  const { input: search, setInput: setSearch, value: groupName } = useUrlSearch('group_name');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserGroup | null>(null);
  const groups = useQuery(userGroupListQuery({ page, pageSize: PAGE_SIZE, groupName }));
  const remove = useDeleteUserGroup();
  const deleting = useConfirm(remove, (group: UserGroup) => group.id);
  const mode = info.data?.auth_mode;

  const columns: Column<UserGroup>[] = [
    { key: 'name', header: t('groups.name'), cell: (group) => group.group_name },
    {
      key: 'type',
      header: t('groups.type'),
      cell: (group) => {
        const key = TYPE_KEYS[group.group_type];
        return key ? t(key) : group.group_type;
      },
    },
    {
      key: 'dn',
      header: t('groups.ldap_dn'),
      cell: (group) => (group.ldap_group_dn ? <span className="mono">{group.ldap_group_dn}</span> : '—'),
    },
    {
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (group) => (
        <>
          <button
            type="button"
            className="btn btn--link"
            aria-label={t('groups.edit_for', { name: group.group_name })}
            onClick={() => setEditing(group)}
          >
            {t('groups.edit')}
          </button>
          <button
            type="button"
            className="btn btn--link danger"
            aria-label={t('groups.delete_for', { name: group.group_name })}
            onClick={() => deleting.ask(group)}
          >
            {t('app.delete')}
          </button>
        </>
      ),
    },
  ];

  return (
    <section className="page">
      <div className="page__header">
        <h1 className="page__title">{t('groups.title')}</h1>
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
          {t('groups.new')}
        </button>
        <span className="toolbar__spacer" />
        <SearchBox
          label={t('groups.search')}
          value={search}
          onChange={(text) => {
            setSearch(text);
            setPage(1);
          }}
        />
      </div>
      <DataTable
        query={groups}
        columns={columns}
        rowKey={(group) => group.id}
        label={t('groups.title')}
        empty={
          <EmptyState title={groupName ? t('groups.no_match', { name: groupName }) : t('groups.empty')} />
        }
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
      {creating && (
        <NewGroupDialog
          ldap={mode === 'ldap_auth'}
          oidc={mode === 'oidc_auth'}
          onClose={() => setCreating(false)}
        />
      )}
      {editing && <EditGroupDialog group={editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        {...deleting.dialog}
        title={t('groups.delete_title')}
        message={t('groups.delete_confirm', { name: deleting.target?.group_name ?? '' })}
        confirmLabel={t('app.delete')}
      />
    </section>
  );
}
