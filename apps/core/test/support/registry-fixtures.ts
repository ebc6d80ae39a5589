import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword } from '@harbor-ts/auth';
import type { PostgresConfig } from '@harbor-ts/config';

/** Role ids as Harbor numbers them. */
export const ROLE = { projectAdmin: 1, developer: 2, guest: 3, maintainer: 4, limitedGuest: 5 } as const;

/** A token key pair on disk: EC P-256 as prepare writes it, or RSA as Harbor's (an upgraded instance). */
export function writeTokenKey(kind: 'ec' | 'rsa' = 'ec'): {
  privateKeyFile: string;
  certificateFile: string;
  publicKeyPem: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'token-key-'));
  const { privateKey, publicKey } =
    kind === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyFile = join(dir, 'private_key.pem');
  writeFileSync(
    privateKeyFile,
    kind === 'ec'
      ? privateKey.export({ type: 'pkcs8', format: 'pem' })
      : privateKey.export({ type: 'pkcs1', format: 'pem' }),
  );
  return {
    privateKeyFile,
    certificateFile: join(dir, 'root.crt'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Users, projects, members and robots written straight to the database, so registry tests do not
 * depend on the API that manages them.
 */
export class RegistryFixtures {
  private readonly pool: pg.Pool;

  constructor(database: PostgresConfig) {
    this.pool = new pg.Pool({
      host: database.host,
      port: database.port,
      user: database.user,
      password: database.password,
      database: database.database,
      max: 2,
    });
  }

  async user(username: string, password: string, sysadmin = false): Promise<number> {
    const { hash, salt } = await hashPassword(password);
    const { rows } = await this.pool.query(
      `INSERT INTO harbor_user (username, email, password, salt, realname, sysadmin_flag) VALUES ($1, $2, $3, $4, $1, $5) RETURNING user_id`,
      [username, `${username}@example.com`, hash, salt, sysadmin],
    );
    return rows[0].user_id as number;
  }

  async project(name: string, options: { public?: boolean } = {}): Promise<number> {
    const { rows } = await this.pool.query(
      'INSERT INTO project (owner_id, name) VALUES (1, $1) RETURNING project_id',
      [name],
    );
    const id = rows[0].project_id as number;
    await this.pool.query(
      `INSERT INTO project_metadata (project_id, name, value) VALUES ($1, 'public', $2)`,
      [id, String(options.public ?? false)],
    );
    return id;
  }

  async member(projectId: number, userId: number, role: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO project_member (project_id, entity_id, entity_type, role) VALUES ($1, $2, 'u', $3)`,
      [projectId, userId, role],
    );
  }

  /** A project robot that signs in as `robot$<project>+<name>`, stored as Harbor stores it: without `robot$`. */
  async robot(projectId: number, fullName: string, secret: string, actions: string[]): Promise<number> {
    const { hash, salt } = await hashPassword(secret);
    const { rows } = await this.pool.query(
      'INSERT INTO robot (name, project_id, secret, salt) VALUES ($1, $2, $3, $4) RETURNING id',
      [fullName.replace(/^robot\$/, ''), projectId, hash, salt],
    );
    const robotId = rows[0].id as number;
    for (const action of actions) {
      const policy = await this.pool.query(
        `INSERT INTO permission_policy (scope, resource, action) VALUES ($1, 'repository', $2)
         ON CONFLICT (scope, resource, action, effect) DO UPDATE SET scope = EXCLUDED.scope RETURNING id`,
        [`/project/${projectId}`, action],
      );
      await this.pool.query(
        `INSERT INTO role_permission (role_type, role_id, permission_policy_id) VALUES ('robotaccount', $1, $2)`,
        [robotId, policy.rows[0].id],
      );
    }
    return robotId;
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.pool.query(sql, params).then((result) => result.rows as T[]);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
