import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { Dialog } from '../../../components/Dialog';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import type { RobotAccess, RobotCreated, RobotPermission, RobotScope } from '../api';
import { robotPermissionListsQuery, useCreateRobot } from '../queries';
import { PermissionChecks } from './PermissionChecks';

/** Pull and push in the robot's project(s): ticked when the dialog opens, as in Harbor. */
const DEFAULT_CHOICES = ['project:repository:pull', 'project:repository:push'];

const NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function CreateRobotDialog({
  scope,
  open,
  onClose,
  onCreated,
}: {
  scope: RobotScope;
  open: boolean;
  onClose: () => void;
  onCreated: (robot: RobotCreated) => void;
}) {
  const { t } = useI18n();
  const ids = { name: useId(), description: useId(), days: useId() };
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [never, setNever] = useState(true);
  const [days, setDays] = useState('30');
  const [selected, setSelected] = useState<string[]>(DEFAULT_CHOICES);
  const lists = useQuery({ ...robotPermissionListsQuery(), enabled: open });
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateRobot(scope);

  const nameError: MessageKey | null = !name.trim()
    ? 'robots.name_required'
    : NAME_PATTERN.test(name.trim())
      ? null
      : 'robots.name_invalid';
  const daysError: MessageKey | null =
    !never && (!/^\d+$/.test(days.trim()) || Number(days) <= 0) ? 'robots.days_invalid' : null;
  const permsError: MessageKey | null = selected.length === 0 ? 'robots.permissions_required' : null;

  const close = () => {
    setName('');
    setDescription('');
    setNever(true);
    setDays('30');
    setSelected(DEFAULT_CHOICES);
    setSubmitted(false);
    create.reset();
    onClose();
  };

  const toggle = (key: string, checked: boolean) =>
    setSelected((current) => (checked ? [...current, key] : current.filter((item) => item !== key)));

  const submit = () => {
    setSubmitted(true);
    if (nameError || daysError || permsError) return;
    const chosen = (kind: string): RobotAccess[] =>
      selected
        .filter((key) => key.startsWith(`${kind}:`))
        .map((key) => {
          const [, resource = '', action = ''] = key.split(':');
          return { resource, action };
        });
    const permissions: RobotPermission[] = [];
    const projectAccess = chosen('project');
    if (projectAccess.length > 0) {
      const namespace = scope.level === 'project' ? scope.projectName : '*';
      permissions.push({ kind: 'project', namespace, access: projectAccess });
    }
    const systemAccess = chosen('system');
    if (scope.level === 'system' && systemAccess.length > 0) {
      permissions.push({ kind: 'system', namespace: '/', access: systemAccess });
    }
    create.mutate(
      {
        name: name.trim(),
        description: description.trim() || undefined,
        level: scope.level,
        duration: never ? -1 : Number(days),
        permissions,
      },
      {
        onSuccess: (created) => {
          close();
          onCreated(created);
        },
      },
    );
  };

  const show = (error: MessageKey | null, touched: boolean) =>
    (submitted || touched) && error ? <span className="field__error">{t(error)}</span> : null;

  return (
    <Dialog
      open={open}
      title={t('robots.create_title')}
      onClose={close}
      onSubmit={submit}
      submitLabel={t('robots.create_submit')}
      submitting={create.isPending}
      wide
    >
      <div className="field">
        <label className="field__label" htmlFor={ids.name}>
          {t('robots.name')}
        </label>
        <input
          id={ids.name}
          className="field__input"
          value={name}
          autoFocus
          autoComplete="off"
          aria-invalid={(submitted || name !== '') && nameError ? true : undefined}
          onChange={(event) => setName(event.target.value)}
        />
        {show(nameError, name !== '') ?? <span className="field__hint">{t('robots.name_hint')}</span>}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={ids.description}>
          {t('robots.description')}
        </label>
        <input
          id={ids.description}
          className="field__input"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <div className="field">
        <span className="field__label">{t('robots.expiration')}</span>
        <Checkbox label={t('robots.never_expires')} checked={never} onChange={setNever} />
        {!never && (
          <>
            <label className="visually-hidden" htmlFor={ids.days}>
              {t('robots.days')}
            </label>
            <div className="field__row">
              <input
                id={ids.days}
                className="field__input"
                inputMode="numeric"
                value={days}
                onChange={(event) => setDays(event.target.value)}
              />
              <span style={{ alignSelf: 'center' }}>{t('robots.days')}</span>
            </div>
            {show(daysError, true)}
          </>
        )}
      </div>
      {lists.isError && <Alert>{errorMessage(lists.error, t)}</Alert>}
      {scope.level === 'system' && lists.data?.system && (
        <PermissionChecks
          legend={t('robots.permissions_system_level')}
          kind="system"
          pairs={lists.data.system}
          selected={selected}
          onToggle={toggle}
        />
      )}
      {lists.data?.project && (
        <PermissionChecks
          legend={
            scope.level === 'project' ? t('robots.permissions_project') : t('robots.permissions_system')
          }
          kind="project"
          pairs={lists.data.project}
          selected={selected}
          onToggle={toggle}
        />
      )}
      {show(permsError, false)}
      {create.isError && <Alert>{errorMessage(create.error, t)}</Alert>}
    </Dialog>
  );
}
