import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import type { RobotAccess } from '../api';

/** Harbor's action words; a pair's resource is shown by its API name (repository, tag-retention…). */
const ACTION_WORDS: Record<string, MessageKey> = {
  pull: 'robots.action_pull',
  push: 'robots.action_push',
  read: 'robots.action_read',
  list: 'robots.action_list',
  create: 'robots.action_create',
  update: 'robots.action_update',
  delete: 'robots.action_delete',
  stop: 'robots.action_stop',
  operate: 'robots.action_operate',
};

/** `project:repository:pull`: a choice is keyed by the permission kind it goes into and the pair. */
export const choiceKey = (kind: 'project' | 'system', access: RobotAccess) =>
  `${kind}:${access.resource}:${access.action}`;

/** One checkbox per pair of a `GET /permissions` list, in the order Harbor answers them. */
export function PermissionChecks({
  legend,
  kind,
  pairs,
  selected,
  onToggle,
}: {
  legend: string;
  kind: 'project' | 'system';
  pairs: RobotAccess[];
  selected: readonly string[];
  onToggle: (key: string, checked: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="check-grid">
      <legend>{legend}</legend>
      {pairs.map((pair) => {
        const key = choiceKey(kind, pair);
        const word = ACTION_WORDS[pair.action];
        return (
          <label key={key} className="check">
            <input
              type="checkbox"
              checked={selected.includes(key)}
              onChange={(event) => onToggle(key, event.target.checked)}
            />
            {t('robots.permission_label', { action: word ? t(word) : pair.action, resource: pair.resource })}
          </label>
        );
      })}
    </fieldset>
  );
}
