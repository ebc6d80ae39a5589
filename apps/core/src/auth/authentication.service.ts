import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hashPassword, verifyPassword } from '@harbor-ts/auth';
import { LdapSignIn } from '../ldap/ldap-sign-in.service.js';
import { OidcSignIn } from '../oidc/oidc-sign-in.service.js';
import type { Configuration } from '../system/configuration.defaults.js';
import { ConfigurationService } from '../system/configuration.service.js';
import type { Principal, RobotPrincipal, UserPrincipal } from './principal.js';
import { CredentialCache } from './credential-cache.js';
import { robotNameBehind } from './robot-names.js';

// The local administrator created at first start; it signs in against the database in every auth mode.
const LOCAL_ADMIN_ID = 1;

interface UserCredentialRow {
  user_id: number;
  username: string;
  sysadmin_flag: boolean;
  password: string;
  salt: string;
}

interface RobotCredentialRow {
  id: number;
  name: string;
  project_id: number;
  secret: string;
  salt: string;
  disabled: boolean;
  expires_at: string;
  creator_ref: number;
  creator_type: string;
}

/** Checks credentials: users by username (or email, for the UI) and password; robots by name and secret. */
@Injectable()
export class AuthenticationService {
  // Verified against when the account does not exist, so timing does not reveal which usernames exist.
  private readonly decoy = hashPassword('decoy-password-never-matches');
  // Recent successful verifications, so basic auth on every call does not pay scrypt every time.
  private readonly verified = new CredentialCache();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly configuration: ConfigurationService,
    private readonly ldap: LdapSignIn,
    private readonly oidc: OidcSignIn,
  ) {}

  /**
   * Basic-auth credentials of a user, or of a robot when the name carries `robot_name_prefix` (as in
   * Harbor, such a name is never tried as a user); undefined when they do not match.
   */
  async authenticateBasic(username: string, password: string): Promise<Principal | undefined> {
    // Both settings in one query: this runs for every token and every basic-auth API call.
    const settings = await this.configuration.getMany(['robot_name_prefix', 'auth_mode']);
    const robotName = robotNameBehind(username, settings.robot_name_prefix);
    if (robotName !== undefined) return this.authenticateRobot(robotName, username, password);
    return this.authenticateUser(username, password, { authMode: settings.auth_mode });
  }

  /**
   * A user by username (or email, for the UI) and password; robots cannot sign in to the UI. As in
   * Harbor, the local admin always signs in against the database; everyone else in `ldap_auth` mode
   * against the directory, and in `oidc_auth` mode at the provider (the portal) or with their CLI
   * secret (basic auth: docker, scripts).
   */
  async authenticateUser(
    principal: string,
    password: string,
    options: { allowEmail?: boolean; ui?: boolean; authMode?: Configuration['auth_mode'] } = {},
  ): Promise<UserPrincipal | undefined> {
    const rows: UserCredentialRow[] = await this.dataSource.query(
      `SELECT user_id, username, sysadmin_flag OR admin_role_in_auth AS sysadmin_flag, password, salt FROM harbor_user
        WHERE NOT deleted AND (username = $1 OR ($2 AND email = $1)) ORDER BY username = $1 DESC LIMIT 1`,
      [principal, options.allowEmail ?? false],
    );
    const row = rows[0];
    const localAdmin = row?.user_id === LOCAL_ADMIN_ID && row.username === principal;
    const mode = localAdmin ? 'db_auth' : (options.authMode ?? (await this.configuration.get('auth_mode')));
    if (mode === 'ldap_auth' || mode === 'oidc_auth') {
      if (mode === 'oidc_auth' && options.ui) return undefined;
      const userId =
        mode === 'ldap_auth'
          ? await this.ldap.signIn(principal, password)
          : await this.oidc.verifyCliSecret(principal, password);
      return userId === undefined ? undefined : this.userPrincipal(userId);
    }
    if (!row) {
      const decoy = await this.decoy;
      await verifyPassword(password, decoy.hash, decoy.salt);
      return undefined;
    }
    const stored = { account: `user:${row.user_id}`, hash: row.password, salt: row.salt };
    if (!(await this.verified.matches(password, stored))) return undefined;
    return { kind: 'user', userId: row.user_id, username: row.username, sysadmin: row.sysadmin_flag };
  }

  /** A robot by stored name and secret; disabled and expired robots are refused. */
  private async authenticateRobot(
    name: string,
    signedInAs: string,
    secret: string,
  ): Promise<RobotPrincipal | undefined> {
    const rows: RobotCredentialRow[] = await this.dataSource.query(
      `SELECT id, name, project_id, secret, salt, disabled, expires_at, creator_ref, creator_type FROM robot WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    if (!row) return undefined;
    const stored = { account: `robot:${row.id}`, hash: row.secret, salt: row.salt };
    if (!(await this.verified.matches(secret, stored))) return undefined;
    const expiresAt = Number(row.expires_at);
    if (row.disabled || (expiresAt !== -1 && expiresAt * 1000 <= Date.now())) return undefined;
    return {
      kind: 'robot',
      robotId: row.id,
      name: signedInAs,
      projectId: row.project_id,
      creatorRef: row.creator_ref,
      creatorType: row.creator_type,
    };
  }

  /** The user an OIDC ID token (`Authorization: Bearer`) names, in `oidc_auth` mode. */
  async authenticateIdToken(idToken: string): Promise<UserPrincipal | undefined> {
    if ((await this.configuration.get('auth_mode')) !== 'oidc_auth') return undefined;
    const userId = await this.oidc.verifyIdToken(idToken);
    return userId === undefined ? undefined : this.userPrincipal(userId);
  }

  /** The current state of a session's user; undefined once the user is deleted. */
  async userPrincipal(userId: number): Promise<UserPrincipal | undefined> {
    const rows: { user_id: number; username: string; sysadmin_flag: boolean }[] = await this.dataSource.query(
      'SELECT user_id, username, sysadmin_flag OR admin_role_in_auth AS sysadmin_flag FROM harbor_user WHERE user_id = $1 AND NOT deleted',
      [userId],
    );
    const row = rows[0];
    return row && { kind: 'user', userId: row.user_id, username: row.username, sysadmin: row.sysadmin_flag };
  }
}
