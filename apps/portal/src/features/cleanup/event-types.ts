import type { MessageKey } from '../../i18n/locales';

/**
 * The audit log event types a log rotation can purge, `<operation>_<resource>` as Harbor names them
 * (its artifact events first, then the other events harbor-ts's audit log records; Harbor calls project
 * members `member`).
 */
export const EVENT_TYPES = [
  'create_artifact',
  'delete_artifact',
  'pull_artifact',
  'create_tag',
  'delete_tag',
  'create_project',
  'update_project',
  'delete_project',
  'update_repository',
  'delete_repository',
  'create_member',
  'update_member',
  'delete_member',
  'create_robot',
  'update_robot',
  'delete_robot',
  'create_label',
  'update_label',
  'delete_label',
  'create_user',
  'update_user',
  'delete_user',
  'login_user',
  'logout_user',
  'update_quota',
  'update_configuration',
  'update_cve_allowlist',
] as const;

const OPERATION_KEYS: Record<string, MessageKey> = {
  create: 'purge.op_create',
  update: 'purge.op_update',
  delete: 'purge.op_delete',
  pull: 'purge.op_pull',
  login: 'purge.op_login',
  logout: 'purge.op_logout',
};

const RESOURCE_KEYS: Record<string, MessageKey> = {
  artifact: 'purge.res_artifact',
  tag: 'purge.res_tag',
  project: 'purge.res_project',
  repository: 'purge.res_repository',
  member: 'purge.res_member',
  robot: 'purge.res_robot',
  label: 'purge.res_label',
  user: 'purge.res_user',
  quota: 'purge.res_quota',
  configuration: 'purge.res_configuration',
  cve_allowlist: 'purge.res_cve_allowlist',
};

/** The message keys that name an event type ("Create" + "artifact"). */
export function eventTypeKeys(eventType: string): { operation: MessageKey; resource: MessageKey } | null {
  const split = eventType.indexOf('_');
  const operation = OPERATION_KEYS[eventType.slice(0, split)];
  const resource = RESOURCE_KEYS[eventType.slice(split + 1)];
  return operation && resource ? { operation, resource } : null;
}
