import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Endpoint, RegistryctlConfig } from '@harbor-ts/config';
import { freePort } from './free-port.js';

export const REGISTRYCTL_MAIN = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../apps/registryctl/dist/main.js',
);

export const TEST_INTERNAL_SECRETS = {
  coreSecret: 'core-secret-0123456789',
  jobserviceSecret: 'job-secret-0123456789',
};

export interface RegistryctlProcess {
  endpoint: Endpoint;
  /** Kills it (SIGKILL) so a caller meets a registryctl that is gone; stop() still cleans up. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs the real registryctl (apps/registryctl/dist) over `storageRoot` on a free port. */
export async function startRegistryctl(storageRoot: string): Promise<RegistryctlProcess> {
  if (!existsSync(REGISTRYCTL_MAIN))
    throw new Error(`build registryctl first: ${REGISTRYCTL_MAIN} is missing`);
  const dir = mkdtempSync(join(tmpdir(), 'registryctl-test-'));
  const port = await freePort();
  const config: RegistryctlConfig = {
    service: 'registryctl',
    version: 'test',
    listen: { host: '127.0.0.1', port },
    log: { level: 'warn', file: join(dir, 'registryctl.log') },
    storage: { rootDirectory: storageRoot, deleteEnabled: true },
    secrets: TEST_INTERNAL_SECRETS,
  };
  writeFileSync(join(dir, 'registryctl.json'), JSON.stringify(config));
  const child: ChildProcess = spawn(
    process.execPath,
    [REGISTRYCTL_MAIN, '--config', join(dir, 'registryctl.json')],
    {
      stdio: 'inherit',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (attempt > 100 || child.exitCode !== null) throw new Error('registryctl did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  let exited: Promise<unknown> | undefined;
  const end = (signal: NodeJS.Signals) => {
    exited ??= child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
    child.kill(signal);
    return exited;
  };
  return {
    endpoint: { url },
    async kill() {
      await end('SIGKILL');
    },
    async stop() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
