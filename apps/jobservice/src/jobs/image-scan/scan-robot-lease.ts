import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '@harbor-ts/auth';
import { createScanRobot, deleteScanRobot, robotNamePrefix } from '@harbor-ts/db';

/** A scan robot outlives no scan: it expires after the longest a scan may take, if its deletion is lost. */
const ROBOT_LIFETIME_SECONDS = 60 * 60;

/**
 * Runs `use` with the `Authorization` header of a fresh robot that may pull the one repository, and
 * deletes the robot afterwards, whatever happened.
 */
export async function withScanRobot<T>(
  db: DataSource,
  target: { projectId: number; projectName: string; repositoryName: string },
  use: (authorization: string) => Promise<T>,
): Promise<T> {
  const secret = randomBytes(24).toString('base64url');
  const { hash, salt } = await hashPassword(secret);
  const robot = await createScanRobot(db, {
    ...target,
    hash,
    salt,
    expiresAt: Math.floor(Date.now() / 1000) + ROBOT_LIFETIME_SECONDS,
  });
  try {
    const name = `${await robotNamePrefix(db)}${robot.storedName}`;
    return await use(`Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`);
  } finally {
    await deleteScanRobot(db, robot.id);
  }
}
