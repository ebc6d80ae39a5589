import type { IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  AuthenticationService,
  RobotNames,
  SecurityContextFactory,
  type Principal,
  type SecurityContext,
} from '../auth/index.js';
import { parseBasicAuthorization } from '../token/basic-authorization.js';
import { RegistryTokens, type RegistryTokenClaims } from '../token/registry-token.js';
import { projectOfRepository, RepositoryAccess } from '../token/repository-access.js';
import { operatorOf } from '../events/operator.js';
import { TtlCache } from './ttl-cache.js';

/** Who sent a /v2 request and what they may do; `invalid` when credentials were sent but are wrong. */
export type RegistryCaller =
  | { kind: 'anonymous'; claims?: RegistryTokenClaims }
  | { kind: 'invalid' }
  | { kind: 'token'; claims: RegistryTokenClaims }
  | { kind: 'basic'; security: SecurityContext };

/** The operator of a /v2 push, pull or delete event: the token's subject, or "anonymous". */
export function callerOperator(caller: RegistryCaller): string {
  if (caller.kind === 'basic') return operatorOf(caller.security);
  return caller.kind === 'token' ? caller.claims.sub : 'anonymous';
}

/** How long a verified token, or a project's creation time, is trusted without looking again. */
const TOKEN_CACHE_MS = 60_000;
const PROJECT_CACHE_MS = 2_000;

/** Identifies /v2 callers (bearer token, or basic auth as skopeo and curl may send) and checks access. */
@Injectable()
export class RegistryCallers {
  private readonly verifiedTokens = new TtlCache<RegistryTokenClaims>(TOKEN_CACHE_MS);
  private readonly projectCreation = new TtlCache<number | null>(PROJECT_CACHE_MS);

  constructor(
    private readonly tokens: RegistryTokens,
    private readonly authentication: AuthenticationService,
    private readonly contexts: SecurityContextFactory,
    private readonly access: RepositoryAccess,
    private readonly robotNames: RobotNames,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async identify(request: IncomingMessage): Promise<RegistryCaller> {
    const header = request.headers.authorization;
    if (!header) return { kind: 'anonymous' };
    if (/^bearer /i.test(header)) {
      const claims = await this.verify(header.slice(7).trim());
      if (!claims) return { kind: 'invalid' };
      return claims.sub ? { kind: 'token', claims } : { kind: 'anonymous', claims };
    }
    const basic = parseBasicAuthorization(header);
    const principal = basic && (await this.authentication.authenticateBasic(basic.username, basic.password));
    return principal
      ? { kind: 'basic', security: this.contexts.forPrincipal(principal) }
      : { kind: 'invalid' };
  }

  /**
   * Whether the caller may act on a repository now: the token must grant it and the project must still
   * be the one the token was issued for (a project deleted and created again is a different project).
   */
  async may(caller: RegistryCaller, repository: string, action: string): Promise<boolean> {
    if (caller.kind === 'basic') {
      return (await this.access.allowed(caller.security, { type: 'repository', name: repository })).has(
        action,
      );
    }
    const claims = caller.kind === 'token' || caller.kind === 'anonymous' ? caller.claims : undefined;
    if (!claims) return false;
    const granted = claims.access.some(
      (a) =>
        a.type === 'repository' &&
        a.name === repository &&
        (a.actions.includes(action) || a.actions.includes('*')),
    );
    return granted && (await this.projectPredates(repository, claims.iat));
  }

  /** The SecurityContext behind a caller, for questions tokens do not answer (the catalog). */
  async securityOf(caller: RegistryCaller): Promise<SecurityContext | undefined> {
    if (caller.kind === 'basic') return caller.security;
    if (caller.kind !== 'token') return undefined;
    const principal = await this.principalNamed(caller.claims.sub);
    return principal && this.contexts.forPrincipal(principal);
  }

  /** A pull verifies the same token for every blob: RSA once, then the cache until the token expires. */
  private async verify(token: string): Promise<RegistryTokenClaims | undefined> {
    const cached = this.verifiedTokens.get(token);
    if (cached) return cached;
    const claims = await this.tokens.verify(token);
    if (claims) this.verifiedTokens.set(token, claims, claims.exp * 1000);
    return claims;
  }

  private async projectPredates(repository: string, issuedAt: number): Promise<boolean> {
    const project = projectOfRepository(repository) ?? '';
    let created = this.projectCreation.get(project);
    if (created === undefined) {
      const rows: { created: number }[] = await this.dataSource.query(
        'SELECT floor(extract(epoch FROM creation_time))::int AS created FROM project WHERE name = $1 AND NOT deleted',
        [project],
      );
      created = rows[0]?.created ?? null;
      this.projectCreation.set(project, created);
    }
    return created !== null && created <= issuedAt;
  }

  /** The current principal behind a token's subject; undefined once the account is gone. */
  private async principalNamed(name: string): Promise<Principal | undefined> {
    const robotName = await this.robotNames.stored(name);
    const robots: { id: number; project_id: number; creator_ref: number; creator_type: string }[] =
      robotName === undefined
        ? []
        : await this.dataSource.query(
            'SELECT id, project_id, creator_ref, creator_type FROM robot WHERE name = $1 AND NOT disabled',
            [robotName],
          );
    const robot = robots[0];
    if (robot) {
      return {
        kind: 'robot',
        robotId: robot.id,
        name,
        projectId: robot.project_id,
        creatorRef: robot.creator_ref,
        creatorType: robot.creator_type,
      };
    }
    const users: { user_id: number; username: string; sysadmin_flag: boolean }[] =
      await this.dataSource.query(
        'SELECT user_id, username, sysadmin_flag FROM harbor_user WHERE username = $1 AND NOT deleted',
        [name],
      );
    const user = users[0];
    return (
      user && { kind: 'user', userId: user.user_id, username: user.username, sysadmin: user.sysadmin_flag }
    );
  }
}
