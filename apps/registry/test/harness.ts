import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import type { RegistryConfig } from '@harbor-ts/config';
import { createLogger } from '@harbor-ts/runtime/logger';
import { createRegistryServer, type RegistryServer } from '../src/registry-server.js';

export const USER = 'harbor_registry_user';
export const PASSWORD = 'test-password-1234';
export const AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
export const REDIS_URL = new URL(process.env.HARBOR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

/** An htpasswd line as `htpasswd -B` writes it ($2y$), so the prefix translation is exercised too. */
export function writeHtpasswd(file: string): void {
  writeFileSync(file, `${USER}:${bcrypt.hashSync(PASSWORD, 5).replace(/^\$2b\$/, '$2y$')}\n`);
}

export function registryConfig(
  work: string,
  overrides: Partial<RegistryConfig['storage']> = {},
): RegistryConfig {
  writeHtpasswd(join(work, 'htpasswd'));
  return {
    service: 'registry',
    version: 'test',
    listen: { host: '127.0.0.1', port: 0 },
    log: { level: 'warn', file: join(work, 'registry.log') },
    storage: {
      rootDirectory: join(work, 'data'),
      deleteEnabled: true,
      maxManifestBytes: 4 << 20,
      ...overrides,
    },
    uploadPurging: { enabled: false, ageMs: 7 * 24 * 3600_000, intervalMs: 3600_000, dryRun: false },
    auth: { htpasswdFile: join(work, 'htpasswd') },
    redis: {
      host: REDIS_URL.hostname,
      port: Number(REDIS_URL.port || 6379),
      db: 0,
      keyPrefix: `harbor-ts-test-${process.pid}-${Date.now()}:`,
      eventStream: 'registry:events',
    },
  };
}

export interface TestRegistry {
  url: string;
  host: string;
  work: string;
  root: string;
  config: RegistryConfig;
  app: RegistryServer;
  close(): Promise<void>;
}

/** The real registry module, in process, on a free port, over a fresh temporary data directory. */
export async function startRegistry(
  options: { storage?: Partial<RegistryConfig['storage']>; work?: string } = {},
): Promise<TestRegistry> {
  const work = options.work ?? mkdtempSync(join(tmpdir(), 'harbor-registry-'));
  const config = registryConfig(work, options.storage);
  const app = createRegistryServer(config, createLogger('registry', config.log));
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const address = app.server.address() as { port: number };
  const host = `127.0.0.1:${address.port}`;
  return {
    url: `http://${host}`,
    host,
    work,
    root: config.storage.rootDirectory,
    config,
    app,
    async close() {
      await new Promise<void>((resolve) => {
        app.server.close(() => resolve());
        app.server.closeAllConnections();
      });
      app.close();
      if (!options.work) rmSync(work, { recursive: true, force: true });
    },
  };
}
