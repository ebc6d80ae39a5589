import { publicProjectAllows, roleAllows } from '@harbor-ts/auth';
import { HarborError } from '@harbor-ts/errors';
import type { Principal } from './principal.js';
import type { ProjectAccessFacts, ProjectAccessResolver, RobotGrant } from './project-access.resolver.js';

/** A project by id, or by name (what the registry token scopes carry). */
export type ProjectRef = number | string;

/**
 * What the caller may do. One per request (or per token request); it caches project facts and
 * roles so a handler can ask many questions about the same project with one query each.
 */
export class SecurityContext {
  private readonly projects = new Map<ProjectRef, Promise<ProjectAccessFacts | undefined>>();
  private readonly roles = new Map<number, Promise<number[]>>();
  private robotGrants?: Promise<RobotGrant[]>;

  constructor(
    readonly principal: Principal,
    private readonly resolver: ProjectAccessResolver,
  ) {}

  isAuthenticated(): boolean {
    return this.principal.kind !== 'anonymous';
  }

  isSysAdmin(): boolean {
    return this.principal.kind === 'user' && this.principal.sysadmin;
  }

  /** The signed-in user's id, or undefined for anonymous callers and robots. */
  get userId(): number | undefined {
    return this.principal.kind === 'user' ? this.principal.userId : undefined;
  }

  project(ref: ProjectRef): Promise<ProjectAccessFacts | undefined> {
    let facts = this.projects.get(ref);
    if (!facts) {
      const resolved = this.resolver.project(ref);
      this.projects.set(ref, resolved);
      // Known under its other key too: a project asked for by name (token scopes) is then asked for by
      // id (roles), which would otherwise read it again. Registered first, so it runs before any awaiter.
      resolved.then(
        (found) => found && this.projects.set(found.projectId, resolved).set(found.name, resolved),
        () => undefined,
      );
      facts = resolved;
    }
    return facts;
  }

  /**
   * Facts about the project `ref` read by the handler's own statement (with the user's roles in it, when
   * they were read too), so the checks that follow need no query of their own. Only for this request:
   * the context, and what it holds, ends with it.
   */
  remember(ref: ProjectRef, facts: ProjectAccessFacts | undefined, roles?: number[]): void {
    const known = Promise.resolve(facts);
    this.projects.set(ref, known);
    if (!facts) return;
    this.projects.set(facts.projectId, known).set(facts.name, known);
    if (roles && this.principal.kind === 'user') this.roles.set(facts.projectId, Promise.resolve(roles));
  }

  /** The user's roles in the project; empty for anonymous callers, robots and non-members. */
  async projectRoles(ref: ProjectRef): Promise<number[]> {
    const project = await this.project(ref);
    if (!project || this.principal.kind !== 'user') return [];
    let roles = this.roles.get(project.projectId);
    if (!roles) {
      roles = this.resolver.userRoles(this.principal.userId, project.projectId);
      this.roles.set(project.projectId, roles);
    }
    return roles;
  }

  /**
   * `repository` narrows a question about the `repository` resource to one repository (its full
   * name): a robot may hold a grant for just that one (scan robots do).
   */
  async can(ref: ProjectRef, resource: string, action: string, repository?: string): Promise<boolean> {
    const project = await this.project(ref);
    if (!project) return this.isSysAdmin();
    if (this.principal.kind === 'robot')
      return this.robotCan(project.projectId, resource, action, repository);
    if (this.isSysAdmin()) return true;
    if (project.isPublic && publicProjectAllows(resource, action)) return true;
    const roles = await this.projectRoles(project.projectId);
    return roles.some((role) => roleAllows(role, resource, action));
  }

  /** System-level permissions (`/system` scope): only sysadmins and robots granted them. */
  async canSystem(resource: string, action: string): Promise<boolean> {
    if (this.isSysAdmin()) return true;
    if (this.principal.kind !== 'robot') return false;
    const grants = await this.loadRobotGrants();
    return grants.some((g) => g.scope === '/system' && g.resource === resource && g.action === action);
  }

  /** 401 for anonymous callers, then 403: Harbor's order for every refused request. */
  requireAuthenticated(): void {
    if (!this.isAuthenticated()) throw HarborError.unauthorized('UnAuthorized');
  }

  requireSysAdmin(): void {
    this.requireAuthenticated();
    if (!this.isSysAdmin()) throw HarborError.forbidden('forbidden');
  }

  /** Harbor's RequireSystemAccess: 401 for anonymous callers, 403 without the system permission. */
  async requireSystem(resource: string, action: string): Promise<void> {
    this.requireAuthenticated();
    if (!(await this.canSystem(resource, action))) throw HarborError.forbidden('forbidden');
  }

  async require(ref: ProjectRef, resource: string, action: string): Promise<void> {
    if (await this.can(ref, resource, action)) return;
    this.requireAuthenticated();
    throw HarborError.forbidden('forbidden');
  }

  private async robotCan(
    projectId: number,
    resource: string,
    action: string,
    repository?: string,
  ): Promise<boolean> {
    const grants = await this.loadRobotGrants();
    const scopes = new Set([`/project/${projectId}`, '/project/*']);
    if (repository !== undefined && resource === 'repository')
      scopes.add(`/project/${projectId}/repository/${repository}`);
    return grants.some((g) => scopes.has(g.scope) && g.resource === resource && g.action === action);
  }

  private loadRobotGrants(): Promise<RobotGrant[]> {
    if (this.principal.kind !== 'robot') return Promise.resolve([]);
    this.robotGrants ??= this.resolver.robotGrants(this.principal.robotId);
    return this.robotGrants;
  }
}
