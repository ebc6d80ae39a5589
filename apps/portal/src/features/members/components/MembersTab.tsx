import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useConfirm } from '../../../components/use-confirm';
import { Dialog } from '../../../components/Dialog';
import { DataTable, type Column } from '../../../components/DataTable';
import { EmptyState } from '../../../components/States';
import { SearchBox } from '../../../components/SearchBox';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { useDebounced } from '../../../lib/use-debounced';
import { useProjectContext } from '../../projects/components/ProjectPage';
import { ROLE_IDS, roleKey, RoleName } from '../../projects/components/RoleName';
import { systemInfoQuery } from '../../systeminfo/queries';
import { userGroupSearchQuery } from '../../usergroups/queries';
import { userSearchQuery } from '../../users/queries';
import type { Member, MemberGroup } from '../api';
import {
  memberListQuery,
  useAddGroupMember,
  useAddMember,
  useRemoveMember,
  useUpdateMemberRole,
} from '../queries';

const PAGE_SIZE = 15;

function RoleSelect({
  value,
  onChange,
  label,
  disabled,
}: {
  value: number;
  onChange: (role: number) => void;
  label: string;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  return (
    <select
      className="field__input field__input--compact"
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(Number(event.target.value))}
    >
      {ROLE_IDS.map((role) => {
        const key = roleKey(role);
        return (
          <option key={role} value={role}>
            {key ? t(key) : role}
          </option>
        );
      })}
    </select>
  );
}

function RoleField({ value, onChange }: { value: number; onChange: (role: number) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t('members.role')}
      </label>
      <select
        id={id}
        className="field__input"
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {ROLE_IDS.map((role) => {
          const key = roleKey(role);
          return (
            <option key={role} value={role}>
              {key ? t(key) : role}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/**
 * "+ Group": an existing user group (suggested as you type), or under LDAP a directory group by its DN,
 * which core looks up and adds to the groups if it is new.
 */
function AddGroupMemberDialog({
  projectId,
  ldap,
  onClose,
}: {
  projectId: number;
  ldap: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const listId = useId();
  const [byDn, setByDn] = useState(ldap);
  const [name, setName] = useState('');
  const [dn, setDn] = useState('');
  const [role, setRole] = useState(2);
  const [submitted, setSubmitted] = useState(false);
  const add = useAddGroupMember(projectId);
  const suggestions = useQuery(userGroupSearchQuery(useDebounced(name.trim())));
  const missing = byDn ? !dn.trim() : !name.trim();
  const group = (): MemberGroup => {
    if (byDn) return { ldap_group_dn: dn.trim() };
    const match = (suggestions.data ?? []).find((item) => item.group_name === name.trim());
    return match ? { id: match.id } : { group_name: name.trim() };
  };
  return (
    <Dialog
      open
      title={t('members.add_group_title')}
      onClose={onClose}
      submitLabel={t('members.add_submit')}
      submitting={add.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (missing) return;
        add.mutate({ group: group(), roleId: role }, { onSuccess: onClose });
      }}
    >
      {ldap && (
        <fieldset className="check-grid">
          <legend>{t('members.group_source')}</legend>
          <label className="check">
            <input type="radio" name="group-source" checked={byDn} onChange={() => setByDn(true)} />
            {t('members.group_by_dn')}
          </label>
          <label className="check">
            <input type="radio" name="group-source" checked={!byDn} onChange={() => setByDn(false)} />
            {t('members.group_existing')}
          </label>
        </fieldset>
      )}
      {byDn ? (
        <TextField
          label={t('members.group_dn')}
          value={dn}
          onChange={setDn}
          autoFocus
          error={submitted && missing ? t('members.group_dn_required') : null}
        />
      ) : (
        <>
          <TextField
            label={t('members.group_name')}
            value={name}
            onChange={setName}
            autoFocus
            list={listId}
            error={submitted && missing ? t('members.group_name_required') : null}
          />
          <datalist id={listId}>
            {(suggestions.data ?? []).map((item) => (
              <option key={item.id} value={item.group_name} />
            ))}
          </datalist>
        </>
      )}
      <RoleField value={role} onChange={setRole} />
      {add.isError && <Alert>{errorMessage(add.error, t)}</Alert>}
    </Dialog>
  );
}

function AddMemberDialog({
  projectId,
  open,
  onClose,
}: {
  projectId: number;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const nameId = useId();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState(2);
  const [submitted, setSubmitted] = useState(false);
  const add = useAddMember(projectId);
  const listId = useId();
  const suggestions = useQuery(userSearchQuery(useDebounced(username.trim())));
  const close = () => {
    setUsername('');
    setRole(2);
    setSubmitted(false);
    add.reset();
    onClose();
  };
  const missing = !username.trim();
  return (
    <Dialog
      open={open}
      title={t('members.add_title')}
      onClose={close}
      submitLabel={t('members.add_submit')}
      submitting={add.isPending}
      onSubmit={() => {
        setSubmitted(true);
        if (missing) return;
        add.mutate({ username: username.trim(), roleId: role }, { onSuccess: close });
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={nameId}>
          {t('members.username')}
        </label>
        <input
          id={nameId}
          className="field__input"
          value={username}
          autoFocus
          autoComplete="off"
          list={listId}
          aria-invalid={submitted && missing ? true : undefined}
          onChange={(event) => setUsername(event.target.value)}
        />
        <datalist id={listId}>
          {(suggestions.data ?? []).map((user) => (
            <option key={user.user_id} value={user.username} />
          ))}
        </datalist>
        {submitted && missing && <span className="field__error">{t('members.username_required')}</span>}
      </div>
      <RoleField value={role} onChange={setRole} />
      {add.isError && <Alert>{errorMessage(add.error, t)}</Alert>}
    </Dialog>
  );
}

/** Users and groups of the project with their roles; project admins add, re-role and remove them. */
export default function MembersTab() {
  const { t } = useI18n();
  const { project, canManage } = useProjectContext();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const entityname = useDebounced(search.trim());
  const [adding, setAdding] = useState(false);
  const [addingGroup, setAddingGroup] = useState(false);
  const info = useQuery(systemInfoQuery());
  const members = useQuery(memberListQuery(project.project_id, { page, pageSize: PAGE_SIZE, entityname }));
  const updateRole = useUpdateMemberRole(project.project_id);
  const remove = useRemoveMember(project.project_id);
  const removing = useConfirm(remove, (member: Member) => member.id);

  const columns: Column<Member>[] = [
    { key: 'name', header: t('members.col_name'), cell: (member) => member.entity_name },
    {
      key: 'type',
      header: t('members.col_type'),
      cell: (member) => (member.entity_type === 'g' ? t('members.type_group') : t('members.type_user')),
    },
    {
      key: 'role',
      header: t('members.col_role'),
      cell: (member) =>
        canManage ? (
          <RoleSelect
            value={member.role_id}
            label={t('members.change_role_for', { name: member.entity_name })}
            disabled={updateRole.isPending}
            onChange={(roleId) => updateRole.mutate({ memberId: member.id, roleId })}
          />
        ) : (
          <RoleName roleId={member.role_id} />
        ),
    },
  ];
  if (canManage)
    columns.push({
      key: 'actions',
      header: t('app.actions'),
      actions: true,
      cell: (member) => (
        <button type="button" className="btn btn--link danger" onClick={() => removing.ask(member)}>
          {t('members.remove')}
        </button>
      ),
    });
  const body = (
    <DataTable
      query={members}
      columns={columns}
      rowKey={(member) => member.id}
      empty={<EmptyState title={t('members.empty')} />}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
    />
  );

  return (
    <>
      <div className="toolbar">
        {canManage && (
          <button type="button" className="btn btn--primary" onClick={() => setAdding(true)}>
            {t('members.add')}
          </button>
        )}
        {canManage && (
          <button type="button" className="btn btn--secondary" onClick={() => setAddingGroup(true)}>
            {t('members.add_group')}
          </button>
        )}
        <span className="toolbar__spacer" />
        <SearchBox
          label={t('members.search')}
          value={search}
          onChange={(text) => {
            setSearch(text);
            setPage(1);
          }}
        />
      </div>
      {updateRole.isError && <Alert>{errorMessage(updateRole.error, t)}</Alert>}
      {body}
      <AddMemberDialog projectId={project.project_id} open={adding} onClose={() => setAdding(false)} />
      {addingGroup && (
        <AddGroupMemberDialog
          projectId={project.project_id}
          ldap={info.data?.auth_mode === 'ldap_auth'}
          onClose={() => setAddingGroup(false)}
        />
      )}
      <ConfirmDialog
        {...removing.dialog}
        title={t('members.remove_title')}
        message={t('members.remove_confirm', { name: removing.target?.entity_name ?? '' })}
        confirmLabel={t('members.remove')}
      />
    </>
  );
}
