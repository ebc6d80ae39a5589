import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { Dialog } from '../../../components/Dialog';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import type { RobotCreated, RobotScope } from '../api';
import { useCreateRobot } from '../queries';

/** The permissions offered in the form, as Harbor's UI groups them (resource:action). */
export const ROBOT_PERMISSIONS: { resource: string; action: string; label: MessageKey }[] = [
  { resource: 'repository', action: 'pull', label: 'robots.perm_pull' },
  { resource: 'repository', action: 'push', label: 'robots.perm_push' },
  { resource: 'repository', action: 'list', label: 'robots.perm_list_repository' },
  { resource: 'artifact', action: 'read', label: 'robots.perm_read_artifact' },
  { resource: 'artifact', action: 'list', label: 'robots.perm_list_artifact' },
  { resource: 'artifact', action: 'delete', label: 'robots.perm_delete_artifact' },
  { resource: 'tag', action: 'create', label: 'robots.perm_create_tag' },
  { resource: 'tag', action: 'delete', label: 'robots.perm_delete_tag' },
  { resource: 'tag', action: 'list', label: 'robots.perm_list_tag' },
];

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
  const [selected, setSelected] = useState<string[]>(['repository:pull', 'repository:push']);
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
    setSelected(['repository:pull', 'repository:push']);
    setSubmitted(false);
    create.reset();
    onClose();
  };

  const submit = () => {
    setSubmitted(true);
    if (nameError || daysError || permsError) return;
    const access = selected.map((key) => {
      const [resource = '', action = ''] = key.split(':');
      return { resource, action };
    });
    create.mutate(
      {
        name: name.trim(),
        description: description.trim() || undefined,
        level: scope.level,
        duration: never ? -1 : Number(days),
        permissions: [
          { kind: 'project', namespace: scope.level === 'project' ? scope.projectName : '*', access },
        ],
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
      <fieldset className="check-grid">
        <legend>
          {scope.level === 'project' ? t('robots.permissions_project') : t('robots.permissions_system')}
        </legend>
        {ROBOT_PERMISSIONS.map((perm) => {
          const key = `${perm.resource}:${perm.action}`;
          return (
            <label key={key} className="check">
              <input
                type="checkbox"
                checked={selected.includes(key)}
                onChange={(event) =>
                  setSelected((current) =>
                    event.target.checked ? [...current, key] : current.filter((item) => item !== key),
                  )
                }
              />
              {t(perm.label)}
            </label>
          );
        })}
      </fieldset>
      {show(permsError, false)}
      {create.isError && <Alert>{errorMessage(create.error, t)}</Alert>}
    </Dialog>
  );
}
