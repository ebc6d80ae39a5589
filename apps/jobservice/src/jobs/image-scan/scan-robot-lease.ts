import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '@harbor-ts/auth';
import { createScanRobot, deleteScanRobot, robotNamePrefix } from '@harbor-ts/db';

/** A scan robot outlives no scan: it expires after the longest a scan may take, if its deletion is lost. */
const ROBOT_LIFETIME_SECONDS = 60 * 60;

/** The robot's name as it signs in (with `robot_name_prefix`) and its secret. */
export interface RobotCredentials {
  username: string;
  password: string;
}

/**
 * Runs `use` with the credentials of a fresh robot that may pull the one repository (and push to it,
 * for an SBOM accessory, with `actions`), and deletes the robot afterwards, whatever happened.
 */
export async function withScanRobot<T>(
  db: DataSource,
  target: { projectId: number; projectName: string; repositoryName: string },
  use: (credentials: RobotCredentials) => Promise<T>,
  actions: readonly string[] = ['pull'],
): Promise<T> {
  const secret = randomBytes(24).toString('base64url');
  const { hash, salt } = await hashPassword(secret);
  const robot = await createScanRobot(db, {
    ...target,
    hash,
    salt,
    expiresAt: Math.floor(Date.now() / 1000) + ROBOT_LIFETIME_SECONDS,
    actions,
  });
  try {
    const name = `${await robotNamePrefix(db)}${robot.storedName}`;
    return await use({ username: name, password: secret });
  } finally {
    await deleteScanRobot(db, robot.id);
  }
}
