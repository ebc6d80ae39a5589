import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CoreConfig } from '@harbor-ts/config';
import { createServiceApp } from '@harbor-ts/runtime';
import { createTestDatabase, flushTestRedis, testRedisConfig, type TestDatabase } from '@harbor-ts/testing';
import { coreDefinition } from '../../src/core.definition.js';

export interface CoreTestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  config: CoreConfig;
  /** Stops the app; pass `keepData` to restart on the same database. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Boots the real core on a free port with its own database and Redis prefix. */
export async function startCore(
  overrides: Partial<CoreConfig> = {},
  database?: TestDatabase,
): Promise<CoreTestApp & { database: TestDatabase }> {
  const db = database ?? (await createTestDatabase('core_test'));
  const dir = mkdtempSync(join(tmpdir(), 'core-test-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Harbor</title>');
  const unreachable = (name: string) => ({ url: `http://${name}`, socket: join(dir, `${name}.sock`) });
  const redis = overrides.redis ?? testRedisConfig('core-test');
  const config: CoreConfig = {
    service: 'core',
    version: 'v2.11.0-harbor-ts.test',
    listen: { host: '127.0.0.1', port: 0 },
    externalUrl: 'http://harbor.test:8480',
    log: { level: 'warn', file: join(dir, 'core.log') },
    database: db.config,
    redis,
    registryEvents: { ...redis, eventStream: 'harbor:registry:events' },
    jobQueues: redis,
    registry: {
      ...unreachable('registry'),
      credentials: { username: 'harbor_registry_user', password: 'pw' },
    },
    registryctl: unreachable('registryctl'),
    jobservice: unreachable('jobservice'),
    portal: { root: dir },
    secrets: {
      coreSecret: 'core-secret-0123456789',
      jobserviceSecret: 'job-secret-0123456789',
      secretKey: '0123456789abcdef',
    },
    token: { privateKeyFile: join(dir, 'private_key.pem'), certificateFile: join(dir, 'root.crt') },
    adminInitialPassword: 'Harbor12345',
    ...overrides,
  };
  const app = await createServiceApp(coreDefinition, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    config,
    database: db,
    async close(options) {
      await app.close();
      if (!options?.keepData) {
        await db.drop();
        await flushTestRedis(config.redis);
      }
    },
  };
}
