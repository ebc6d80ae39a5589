import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '@harbor-ts/auth';
import { robotNamePrefix } from '@harbor-ts/db';

/** A replication task's robot expires on its own after a day, if its deletion is lost. */
const ROBOT_LIFETIME_SECONDS = 24 * 60 * 60;
/** Tasks starting after this join a fresh robot, so one in use never nears its expiry. */
const SHARE_FOR_MS = 60 * 60 * 1000;

/** What the robot may do: pull, push and delete in every project, and create a missing destination project. */
const GRANTS: readonly [scope: string, resource: string, action: string][] = [
  ['/project/*', 'repository', 'pull'],
  ['/project/*', 'repository', 'push'],
  ['/project/*', 'repository', 'delete'],
  ['/system', 'project', 'create'],
];

interface Credentials {
  username: string;
  password: string;
}

interface Lease {
  robot: Promise<{ id: number; credentials: Credentials }>;
  users: number;
  createdAt: number;
  /** The first user's `prepare`: the others wait for it. */
  prepared?: Promise<unknown>;
}

/**
 * The robot the running tasks of this process share. The tasks of one run start together: one robot
 * for all of them costs one password hash here and one check in core instead of one per repository.
 */
let shared: Lease | undefined;

/**
 * Runs `use` with the credentials of an invisible system robot that reaches this instance's own
 * `/v2/` the way a remote registry is reached (token flow through nginx). The robot is shared by the
 * tasks running at the same time and deleted when the last of them is done, whatever happened.
 * `prepare` runs once per robot, before any user goes on (its failure is the users' own calls' to
 * report). Replication policies are made by system admins only, so the robot acts for one.
 */
export async function withReplicationRobot<T>(
  db: DataSource,
  use: (credentials: Credentials) => Promise<T>,
  prepare?: (credentials: Credentials) => Promise<unknown>,
): Promise<T> {
  if (!shared || Date.now() - shared.createdAt > SHARE_FOR_MS) {
    const fresh: Lease = { robot: createRobot(db), users: 0, createdAt: Date.now() };
    // A robot that could not be made is not handed to the tasks that start next.
    fresh.robot.catch(() => shared === fresh && (shared = undefined));
    shared = fresh;
  }
  const lease = shared;
  lease.users++;
  try {
    const { credentials } = await lease.robot;
    if (prepare) await (lease.prepared ??= prepare(credentials).catch(() => undefined));
    return await use(credentials);
  } finally {
    if (--lease.users === 0) {
      if (shared === lease) shared = undefined;
      const robot = await lease.robot.catch(() => undefined);
      if (robot) await deleteRobot(db, robot.id);
    }
  }
}

async function createRobot(db: DataSource): Promise<{ id: number; credentials: Credentials }> {
  const secret = randomBytes(24).toString('base64url');
  const { hash, salt } = await hashPassword(secret);
  const name = `replication-${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const [robot] = (await db.query(
    `INSERT INTO robot (name, description, project_id, expires_at, duration, visible, secret, salt, creator_ref, creator_type)
     VALUES ($1, 'for a replication task', 0, $2, -1, false, $3, $4, 1, 'replication') RETURNING id`,
    [name, Math.floor(Date.now() / 1000) + ROBOT_LIFETIME_SECONDS, hash, salt],
  )) as { id: number }[];
  const id = robot!.id;
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
        [id, scope, resource, action],
      );
    }
    return { id, credentials: { username: `${await robotNamePrefix(db)}${name}`, password: secret } };
  } catch (error) {
    await deleteRobot(db, id);
    throw error;
  }
}

async function deleteRobot(db: DataSource, robotId: number): Promise<void> {
  await db.query(`DELETE FROM role_permission WHERE role_type = 'robotaccount' AND role_id = $1`, [robotId]);
  await db.query(`DELETE FROM robot WHERE id = $1 AND creator_type = 'replication'`, [robotId]);
}
