/**
 * What a robot account may be given, per scope: Harbor's robot permission provider (the
 * "no limit" one, src/common/rbac PoliciesMap plus its extras), in Harbor's order. `GET /permissions`
 * answers these lists and robot create/update refuses anything outside them, so both read this file.
 */
export interface ResourceAction {
  resource: string;
  action: string;
}

export type RobotPermissionScope = 'system' | 'project';

/** `[['registry', 'read create']]` → `[{registry, read}, {registry, create}]`, keeping the order given. */
function expand(table: [resource: string, actions: string][]): readonly ResourceAction[] {
  return Object.freeze(
    table.flatMap(([resource, actions]) => actions.split(' ').map((action) => ({ resource, action }))),
  );
}

const SYSTEM = expand([
  ['audit-log', 'list'],
  ['preheat-instance', 'read create delete list update'],
  ['project', 'list create'],
  ['replication-policy', 'read create delete list update'],
  ['replication', 'read create list'],
  ['replication-adapter', 'list'],
  ['registry', 'read create delete list update'],
  ['scan-all', 'read update stop create'],
  ['system-volumes', 'read'],
  ['garbage-collection', 'read create list update stop'],
  ['purge-audit', 'read create list update stop'],
  ['jobservice-monitor', 'list stop'],
  ['scanner', 'read create delete list update'],
  ['label', 'read create delete update'],
  ['security-hub', 'read list'],
  ['catalog', 'read'],
  ['quota', 'read list'],
  // Harbor's provider adds these after the base list.
  ['robot', 'create read list delete'],
  ['user', 'create read update list delete'],
  ['ldap-user', 'create list'],
  ['quota', 'update'],
  ['user-group', 'create read update list delete'],
]);

const PROJECT = expand([
  ['log', 'list'],
  ['project', 'read delete update'],
  ['metadata', 'read create delete list update'],
  ['repository', 'read update delete list pull push'],
  ['artifact', 'read create list delete'],
  ['scan', 'create read stop'],
  ['sbom', 'create stop read'],
  ['tag', 'create list delete'],
  ['accessory', 'list'],
  ['artifact-addition', 'read'],
  ['artifact-label', 'create delete'],
  ['scanner', 'create read'],
  ['preheat-policy', 'read create delete list update'],
  ['immutable-tag', 'create delete list update'],
  ['notification-policy', 'read create delete list update'],
  ['tag-retention', 'read create delete list update'],
  ['label', 'read create delete list update'],
  ['quota', 'read'],
  // Harbor's provider adds these after the base list.
  ['robot', 'create read list delete'],
  ['export-cve', 'create read'],
  ['member', 'create read update list delete'],
]);

export const ROBOT_PERMISSIONS: Readonly<Record<RobotPermissionScope, readonly ResourceAction[]>> = {
  system: SYSTEM,
  project: PROJECT,
};

const KEYS: Record<RobotPermissionScope, ReadonlySet<string>> = {
  system: new Set(SYSTEM.map(({ resource, action }) => `${resource}:${action}`)),
  project: new Set(PROJECT.map(({ resource, action }) => `${resource}:${action}`)),
};

/** Whether Harbor lets a robot hold `resource:action` at this scope (a `system` or `project` permission). */
export function robotMayHold(scope: RobotPermissionScope, resource: string, action: string): boolean {
  return KEYS[scope].has(`${resource}:${action}`);
}
