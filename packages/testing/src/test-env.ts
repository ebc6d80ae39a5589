import { randomBytes } from 'node:crypto';

// The test runner (deploy/ci/test-all.sh) exports these when it had to start private servers;
// otherwise the machine's own Postgres and Redis on their standard ports are used.
export const TEST_PG_URL = process.env.HARBOR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.HARBOR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A short unique name for this test run's database, key prefix, temp folders. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
