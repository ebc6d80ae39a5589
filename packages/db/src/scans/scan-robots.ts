import { rowsOf, type Queryable } from '../tasks/task-status.js';

/**
 * The short-lived robot a scanner pulls one artifact with (Harbor makes one per scan): invisible in
 * robot lists, allowed only to pull the artifact's repository (a grant scoped
 * `/project/<id>/repository/<name>`), expiring on its own, and deleted when the scan ends. Returns its
 * stored name (without `robot_name_prefix`).
 */
export async function createScanRobot(
  db: Queryable,
  robot: {
    projectId: number;
    projectName: string;
    repositoryName: string;
    hash: string;
    salt: string;
    expiresAt: number;
    /** What it may do in the repository: `pull` for a scan; `pull` and `push` to push an SBOM. */
    actions?: readonly string[];
  },
): Promise<{ id: number; storedName: string }> {
  const storedName = `${robot.projectName}+scanner-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const [row] = rowsOf<{ id: number }>(
    await db.query(
      `INSERT INTO robot (name, description, project_id, expires_at, duration, visible, secret, salt, creator_type)
       VALUES ($1, 'for a vulnerability scan', $2, $3, -1, false, $4, $5, 'scan') RETURNING id`,
      [storedName, robot.projectId, robot.expiresAt, robot.hash, robot.salt],
    ),
  );
  const scope = repositoryScope(robot.projectId, robot.repositoryName);
  for (const action of robot.actions ?? ['pull']) {
    await db.query(
      `INSERT INTO permission_policy (scope, resource, action, effect) VALUES ($1, 'repository', $2, 'allow')
       ON CONFLICT (scope, resource, action, effect) DO NOTHING`,
      [scope, action],
    );
    await db.query(
      `INSERT INTO role_permission (role_type, role_id, permission_policy_id)
       SELECT 'robotaccount', $1, id FROM permission_policy
        WHERE scope = $2 AND resource = 'repository' AND action = $3 AND effect = 'allow'`,
      [row!.id, scope, action],
    );
  }
  return { id: row!.id, storedName };
}

/** The grant scope of one repository (its full name, `<project>/<name>`), which only scan robots hold. */
export function repositoryScope(projectId: number, repositoryName: string): string {
  return `/project/${projectId}/repository/${repositoryName}`;
}

export async function deleteScanRobot(db: Queryable, robotId: number): Promise<void> {
  await db.query(`DELETE FROM role_permission WHERE role_type = 'robotaccount' AND role_id = $1`, [robotId]);
  await db.query(`DELETE FROM robot WHERE id = $1 AND creator_type = 'scan'`, [robotId]);
}

/** `robot_name_prefix` as configured (Harbor's default `robot$`): robots sign in with it. */
export async function robotNamePrefix(db: Queryable): Promise<string> {
  const [row] = rowsOf<{ v: string }>(
    await db.query(`SELECT v FROM properties WHERE k = 'robot_name_prefix'`),
  );
  // Settings are stored as JSON text (core's ConfigurationService).
  return row ? (JSON.parse(row.v) as string) : 'robot$';
}
