import { describe, expect, it } from 'vitest';
import {
  isRbacResource,
  PROJECT_ROLE_IDS,
  ProjectRole,
  publicProjectAllows,
  roleAllows,
  rolePermissions,
} from './rbac.js';

const { projectAdmin, maintainer, developer, guest, limitedGuest } = ProjectRole;

describe('project RBAC table', () => {
  it.each([
    // [role, resource, action, allowed]
    [projectAdmin, 'repository', 'push', true],
    [projectAdmin, 'repository', 'delete', true],
    [projectAdmin, 'member', 'create', true],
    [projectAdmin, 'robot', 'create', true],
    [projectAdmin, 'project', 'delete', true],
    [maintainer, 'repository', 'delete', true],
    [maintainer, 'artifact', 'delete', true],
    [maintainer, 'member', 'create', false],
    [maintainer, 'robot', 'create', false],
    [maintainer, 'project', 'delete', false],
    [maintainer, 'metadata', 'update', true],
    [developer, 'repository', 'push', true],
    [developer, 'repository', 'delete', false],
    [developer, 'artifact', 'delete', false],
    [developer, 'tag', 'delete', false],
    [developer, 'metadata', 'update', false],
    [guest, 'repository', 'pull', true],
    [guest, 'repository', 'push', false],
    [guest, 'member', 'list', true],
    [limitedGuest, 'repository', 'pull', true],
    [limitedGuest, 'member', 'list', false],
    [limitedGuest, 'log', 'list', false],
    [limitedGuest, 'repository', 'read', false],
  ])('role %i on %s:%s → %s', (role, resource, action, allowed) => {
    expect(roleAllows(role, resource, action)).toBe(allowed);
  });

  it("knows Harbor's system resources for robots, and no project role or public project grants them", () => {
    const system = ['registry', 'replication-policy', 'replication', 'replication-adapter'];
    for (const resource of system) {
      expect(isRbacResource(resource), resource).toBe(true);
      for (const role of PROJECT_ROLE_IDS)
        expect(roleAllows(role, resource, 'list'), `${role} ${resource}`).toBe(false);
      expect(publicProjectAllows(resource, 'list')).toBe(false);
    }
  });

  it('grants nothing to an unknown role', () => {
    expect(roleAllows(9, 'repository', 'pull')).toBe(false);
  });

  it('lets anyone pull from and read a public project but not push', () => {
    expect(publicProjectAllows('repository', 'pull')).toBe(true);
    expect(publicProjectAllows('project', 'read')).toBe(true);
    expect(publicProjectAllows('repository', 'push')).toBe(false);
    expect(publicProjectAllows('member', 'list')).toBe(false);
  });

  it('orders roles: every guest permission is a developer one, every developer one a maintainer one', () => {
    const keys = (role: 1 | 2 | 3 | 4 | 5) => rolePermissions(role).map((p) => `${p.resource}:${p.action}`);
    const chain = [limitedGuest, guest, developer, maintainer, projectAdmin] as const;
    for (let i = 0; i + 1 < chain.length; i++) {
      const wider = new Set(keys(chain[i + 1]!));
      const missing = keys(chain[i]!).filter((key) => !wider.has(key) && key !== 'tag-retention:operate');
      expect(missing, `role ${chain[i]} ⊄ role ${chain[i + 1]}`).toEqual([]);
    }
  });
});
