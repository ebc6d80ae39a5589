import { describe, expect, it } from 'vitest';
import { HarborError } from '@harbor-ts/errors';
import type { Principal } from './principal.js';
import type { ProjectAccessFacts, ProjectAccessResolver, RobotGrant } from './project-access.resolver.js';
import { SecurityContext } from './security-context.js';

const PROJECTS: ProjectAccessFacts[] = [
  { projectId: 1, name: 'library', isPublic: true },
  { projectId: 2, name: 'private', isPublic: false },
];

/** An in-memory resolver: user 10 is a developer of `private`; robot 7 may push there. */
const resolver = {
  project: async (ref: number | string) => PROJECTS.find((p) => p.projectId === ref || p.name === ref),
  userRoles: async (userId: number, projectId: number) => (userId === 10 && projectId === 2 ? [2] : []),
  robotGrants: async (robotId: number): Promise<RobotGrant[]> =>
    robotId === 7 ? [{ scope: '/project/2', resource: 'repository', action: 'push' }] : [],
} as unknown as ProjectAccessResolver;

const user = (userId: number, sysadmin = false): Principal => ({
  kind: 'user',
  userId,
  username: `u${userId}`,
  sysadmin,
});
const robot: Principal = {
  kind: 'robot',
  robotId: 7,
  name: 'robot$private+ci',
  projectId: 2,
  creatorRef: 1,
  creatorType: 'local',
};
const context = (principal: Principal) => new SecurityContext(principal, resolver);

describe('SecurityContext', () => {
  it('lets anyone pull from a public project but not push', async () => {
    const anonymous = context({ kind: 'anonymous' });
    expect(await anonymous.can('library', 'repository', 'pull')).toBe(true);
    expect(await anonymous.can(1, 'repository', 'push')).toBe(false);
    expect(await anonymous.can('private', 'repository', 'pull')).toBe(false);
  });

  it("grants members their role's permissions, by project id or name", async () => {
    const developer = context(user(10));
    expect(await developer.can('private', 'repository', 'push')).toBe(true);
    expect(await developer.can(2, 'repository', 'delete')).toBe(false);
    expect(await context(user(11)).can('private', 'repository', 'pull')).toBe(false);
  });

  it('lets a sysadmin do everything, even in unknown projects', async () => {
    const admin = context(user(1, true));
    expect(await admin.can('private', 'member', 'delete')).toBe(true);
    expect(await admin.can('nowhere', 'repository', 'push')).toBe(true);
    expect(await context(user(10)).can('nowhere', 'repository', 'pull')).toBe(false);
  });

  it('gives robots exactly their stored grants, not public-project rights', async () => {
    const ci = context(robot);
    expect(await ci.can('private', 'repository', 'push')).toBe(true);
    expect(await ci.can('private', 'repository', 'pull')).toBe(false);
    expect(await ci.can('library', 'repository', 'push')).toBe(false);
    expect(ci.isAuthenticated()).toBe(true);
    expect(ci.isSysAdmin()).toBe(false);
  });

  it('refuses with 401 for anonymous callers and 403 for signed-in ones', async () => {
    await expect(context({ kind: 'anonymous' }).require('private', 'project', 'read')).rejects.toMatchObject({
      status: 401,
    });
    await expect(context(user(11)).require('private', 'project', 'read')).rejects.toMatchObject({
      status: 403,
    });
    await expect(context(user(10)).require('private', 'project', 'read')).resolves.toBeUndefined();
    expect(() => context(user(10)).requireSysAdmin()).toThrow(HarborError);
  });

  it('decides from remembered facts and roles without asking the resolver, for this context only', async () => {
    const refusing = {
      project: () => Promise.reject(new Error('queried')),
      userRoles: () => Promise.reject(new Error('queried')),
    } as unknown as ProjectAccessResolver;
    const developer = new SecurityContext(user(10), refusing);
    developer.remember('private', PROJECTS[1], [2]);
    expect(await developer.can('private', 'repository', 'push')).toBe(true);
    expect(await developer.can(2, 'repository', 'delete')).toBe(false);
    const stranger = new SecurityContext(user(11), refusing);
    stranger.remember('private', PROJECTS[1], []);
    await expect(stranger.require('private', 'repository', 'pull')).rejects.toThrow(HarborError);
    const admin = new SecurityContext(user(1, true), refusing);
    admin.remember('gone', undefined);
    expect(await admin.can('gone', 'repository', 'pull')).toBe(true);
    expect(await admin.project('gone')).toBeUndefined();
    await expect(context(user(11)).can('private', 'repository', 'pull')).resolves.toBe(false);
  });
});
