import pg from 'pg';
import type { PostgresConfig } from '@harbor-ts/config';
import { TEST_PG_URL, uniqueName } from './test-env.js';

export interface TestDatabase {
  config: PostgresConfig;
  /** Drops the database; call in afterAll. */
  drop(): Promise<void>;
}

/** Creates an empty database of its own for one test file. */
export async function createTestDatabase(prefix = 'harbor_test'): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const config = testDatabaseConfig(name);
  return {
    config,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** How to reach the test server's database `name` (an existing one: see createTestDatabase). */
export function testDatabaseConfig(name: string): PostgresConfig {
  const url = new URL(TEST_PG_URL);
  return {
    host: url.searchParams.get('host') ?? url.hostname,
    port: Number(url.port || 5432),
    database: name,
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password),
    sslMode: 'disable',
    maxOpenConns: 10,
    maxIdleConns: 2,
    connMaxLifetimeMs: 300_000,
  };
}
