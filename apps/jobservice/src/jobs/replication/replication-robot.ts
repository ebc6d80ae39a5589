import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '@harbor-ts/auth';
import { robotNamePrefix } from '@harbor-ts/db';

/** A replication task's robot expires on its own after a day, if its deletion is lost. */
const ROBOT_LIFETIME_SECONDS = 24 * 60 * 60;

/** What the robot may do: pull, push and delete in every project, and create a missing destination project. */
const GRANTS: readonly [scope: string, resource: string, action: string][] = [
  ['/project/*', 'repository', 'pull'],
  ['/project/*', 'repository', 'push'],
  ['/project/*', 'repository', 'delete'],
  ['/system', 'project', 'create'],
];

/**
 * Runs `use` with the credentials of a fresh, invisible system robot that reaches this instance's
 * own `/v2/` the way a remote registry is reached (token flow through nginx), and deletes it after,
 * whatever happened. Replication policies are made by system admins only, so the robot acts for one.
 */
export async function withReplicationRobot<T>(
  db: DataSource,
  use: (credentials: { username: string; password: string }) => Promise<T>,
): Promise<T> {
  const secret = randomBytes(24).toString('base64url');
  const { hash, salt } = await hashPassword(secret);
  const name = `replication-${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const [robot] = (await db.query(
    `INSERT INTO robot (name, description, project_id, expires_at, duration, visible, secret, salt, creator_ref, creator_type)
     VALUES ($1, 'for a replication task', 0, $2, -1, false, $3, $4, 1, 'replication') RETURNING id`,
    [name, Math.floor(Date.now() / 1000) + ROBOT_LIFETIME_SECONDS, hash, salt],
  )) as { id: number }[];
  const robotId = robot!.id;
  try {
    for (const [scope, resource, action] of GRANTS) {
      await db.query(
        `INSERT INTO permission_policy (scope, resource, action, effect) VALUES ($1, $2, $3, 'allow')
         ON CONFLICT (scope, resource, action, effect) DO NOTHING`,
        [scope, resource, action],
      );
      await db.query(
        `INSERT INTO role_permission (role_type, role_id, permission_policy_id)
         SELECT 'robotaccount', $1, id FROM permission_policy
          WHERE scope = $2 AND resource = $3 AND action = $4 AND effect = 'allow'`,
        [robotId, scope, resource, action],
      );
    }
    return await use({ username: `${await robotNamePrefix(db)}${name}`, password: secret });
  } finally {
    await db.query(`DELETE FROM role_permission WHERE role_type = 'robotaccount' AND role_id = $1`, [
      robotId,
    ]);
    await db.query(`DELETE FROM robot WHERE id = $1 AND creator_type = 'replication'`, [robotId]);
  }
}
