import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import type { CoreConfig, RedisConfig, RegistryConfig } from '@harbor-ts/config';
import { freePort } from './free-port.js';

export const REGISTRY_MAIN = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../apps/registry/dist/main.js',
);

export interface RegistryProcess {
  /** What core's config needs to reach it. */
  endpoint: CoreConfig['registry'];
  /** Where it publishes blob events, for core's `registryEvents`. */
  events: CoreConfig['registryEvents'];
  storageRoot: string;
  stop(): Promise<void>;
}

/** Runs the real internal registry (apps/registry/dist) on a free port, publishing to core's Redis prefix. */
export async function startRegistry(coreRedis: RedisConfig): Promise<RegistryProcess> {
  if (!existsSync(REGISTRY_MAIN)) throw new Error(`build the registry first: ${REGISTRY_MAIN} is missing`);
  const dir = mkdtempSync(join(tmpdir(), 'registry-test-'));
  const port = await freePort();
  const credentials = { username: 'harbor_registry_user', password: 'registry-test-password' };
  writeFileSync(
    join(dir, 'htpasswd'),
    `${credentials.username}:${bcrypt.hashSync(credentials.password, 4)}\n`,
  );
  const storageRoot = join(dir, 'storage');
  mkdirSync(storageRoot);
  // Its own db, as Harbor gives the registry (registry_db_index), so core must be told where to read.
  const events = { ...coreRedis, db: coreRedis.db + 1, eventStream: 'harbor:registry:events' };
  const config: RegistryConfig = {
    service: 'registry',
    version: 'test',
    listen: { host: '127.0.0.1', port },
    log: { level: 'warn', file: join(dir, 'registry.log') },
    storage: { rootDirectory: storageRoot, deleteEnabled: true, maxManifestBytes: 4 * 1024 * 1024 },
    uploadPurging: { enabled: false, ageMs: 0, intervalMs: 3_600_000, dryRun: false },
    auth: { htpasswdFile: join(dir, 'htpasswd') },
    redis: events,
  };
  writeFileSync(join(dir, 'registry.json'), JSON.stringify(config));
  const child: ChildProcess = spawn(
    process.execPath,
    [REGISTRY_MAIN, '--config', join(dir, 'registry.json')],
    { stdio: 'inherit' },
  );
  const url = `http://127.0.0.1:${port}`;
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  for (let attempt = 0; ; attempt++) {
    const ok = await fetch(`${url}/v2/`, { headers: { authorization } }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (attempt > 100 || child.exitCode !== null) throw new Error('registry did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint: { url, credentials },
    events,
    storageRoot,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
