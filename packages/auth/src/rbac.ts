/**
 * Harbor's project RBAC: which project role may do what (Harbor's documented role permissions,
 * src/common/rbac/project in Harbor). One table, used by the API, the token service and robots.
 * Harbor calls the project itself the "self" resource; here it is `project`.
 */
export const ProjectRole = {
  projectAdmin: 1,
  developer: 2,
  guest: 3,
  maintainer: 4,
  limitedGuest: 5,
} as const;
export type ProjectRoleId = (typeof ProjectRole)[keyof typeof ProjectRole];
export const PROJECT_ROLE_IDS: readonly ProjectRoleId[] = [1, 2, 3, 4, 5];
export const PROJECT_ROLE_NAMES: Record<ProjectRoleId, string> = {
  1: 'projectAdmin',
  2: 'developer',
  3: 'guest',
  4: 'maintainer',
  5: 'limitedGuest',
};

export const RBAC_RESOURCES = [
  'project',
  'member',
  'metadata',
  'log',
  'label',
  'quota',
  'repository',
  'tag-retention',
  'immutable-tag',
  'configuration',
  'robot',
  'notification-policy',
  'scan',
  'scanner',
  'sbom',
  'artifact',
  'artifact-addition',
  'tag',
  'accessory',
  'artifact-label',
  'preheat-policy',
  // System-level resources (Harbor's ScopeSystem): only sysadmins and system robots granted them.
  'registry',
  'replication-policy',
  'replication',
  'replication-adapter',
] as const;
export type RbacResource = (typeof RBAC_RESOURCES)[number];

export const RBAC_ACTIONS = [
  'create',
  'read',
  'update',
  'delete',
  'list',
  'pull',
  'push',
  'operate',
  'stop',
] as const;
export type RbacAction = (typeof RBAC_ACTIONS)[number];

export interface Permission {
  resource: RbacResource;
  action: RbacAction;
}

type Grants = Partial<Record<RbacResource, string>>;

/** `{member: 'read list'}` → the set `member:read`, `member:list`; keeps the table below readable. */
function grants(table: Grants): ReadonlySet<string> {
  const keys = Object.entries(table).flatMap(([resource, actions]) =>
    (actions ?? '').split(' ').map((action) => `${resource}:${action}`),
  );
  return new Set(keys);
}

const CRUDL = 'create read update delete list';

const ROLE_GRANTS: Record<ProjectRoleId, ReadonlySet<string>> = {
  [ProjectRole.projectAdmin]: grants({
    project: 'read update delete',
    member: CRUDL,
    metadata: 'create read update delete',
    log: 'list',
    label: CRUDL,
    quota: 'read',
    repository: `${CRUDL} pull push`,
    'tag-retention': `${CRUDL} operate`,
    'immutable-tag': 'create update delete list',
    configuration: 'read update',
    robot: CRUDL,
    'notification-policy': CRUDL,
    scan: 'create read stop',
    scanner: 'read create',
    sbom: 'create read stop',
    artifact: 'create read delete list',
    'artifact-addition': 'read',
    tag: 'list create delete',
    accessory: 'list',
    'artifact-label': 'create delete',
    'preheat-policy': CRUDL,
  }),
  [ProjectRole.maintainer]: grants({
    project: 'read',
    member: 'read list',
    metadata: 'create read update delete',
    log: 'list',
    quota: 'read',
    label: CRUDL,
    repository: `${CRUDL} pull push`,
    'tag-retention': `${CRUDL} operate`,
    accessory: 'list',
    'immutable-tag': 'create update delete list',
    configuration: 'read',
    robot: 'read list',
    'notification-policy': 'list',
    scan: 'create read stop',
    scanner: 'read',
    sbom: 'create read stop',
    artifact: 'create read delete list',
    'artifact-addition': 'read',
    tag: 'list create delete',
    'artifact-label': 'create delete',
  }),
  [ProjectRole.developer]: grants({
    project: 'read',
    member: 'read list',
    log: 'list',
    label: 'read list',
    quota: 'read',
    repository: 'create read update list push pull',
    'tag-retention': `${CRUDL} operate`,
    configuration: 'read',
    robot: 'read list',
    scan: 'read',
    scanner: 'read',
    sbom: 'read',
    artifact: 'create read list',
    'artifact-addition': 'read',
    tag: 'list create',
    accessory: 'list',
    'artifact-label': 'create delete',
  }),
  [ProjectRole.guest]: grants({
    project: 'read',
    member: 'read list',
    log: 'list',
    label: 'read list',
    quota: 'read',
    repository: 'read list pull',
    configuration: 'read',
    robot: 'read list',
    scan: 'read',
    scanner: 'read',
    sbom: 'read',
    tag: 'list',
    accessory: 'list',
    artifact: 'read list',
    'artifact-addition': 'read',
  }),
  [ProjectRole.limitedGuest]: grants({
    project: 'read',
    quota: 'read',
    repository: 'list pull',
    configuration: 'read',
    scan: 'read',
    scanner: 'read',
    sbom: 'read',
    tag: 'list',
    accessory: 'list',
    artifact: 'read list',
    'artifact-addition': 'read',
  }),
};

/** What anyone, signed in or not, may do in a public project: read it and pull from it. */
const PUBLIC_PROJECT_GRANTS = grants({
  project: 'read',
  label: 'read list',
  repository: 'list pull',
  scan: 'read',
  scanner: 'read',
  sbom: 'read',
  tag: 'list',
  accessory: 'list',
  artifact: 'read list',
  'artifact-addition': 'read',
});

export function isProjectRoleId(value: unknown): value is ProjectRoleId {
  return typeof value === 'number' && (PROJECT_ROLE_IDS as readonly number[]).includes(value);
}

export function roleAllows(role: number, resource: string, action: string): boolean {
  return isProjectRoleId(role) && ROLE_GRANTS[role].has(`${resource}:${action}`);
}

export function publicProjectAllows(resource: string, action: string): boolean {
  return PUBLIC_PROJECT_GRANTS.has(`${resource}:${action}`);
}

/** Every permission a role holds, e.g. for `GET /users/current/permissions`. */
export function rolePermissions(role: ProjectRoleId): Permission[] {
  return [...ROLE_GRANTS[role]].map(toPermission);
}

export function publicProjectPermissions(): Permission[] {
  return [...PUBLIC_PROJECT_GRANTS].map(toPermission);
}

export function isRbacResource(value: string): value is RbacResource {
  return (RBAC_RESOURCES as readonly string[]).includes(value);
}

export function isRbacAction(value: string): value is RbacAction {
  return (RBAC_ACTIONS as readonly string[]).includes(value);
}

function toPermission(key: string): Permission {
  const [resource, action] = key.split(':') as [RbacResource, RbacAction];
  return { resource, action };
}
