import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { freePort } from '@harbor-ts/testing';

export interface DistributionRegistry {
  url: string;
  /** `127.0.0.1:<port>`, for skopeo. */
  host: string;
  username: string;
  password: string;
  /** `Basic ...` for direct `/v2/` calls. */
  authorization: string;
  /** Kills the process (the registry is down) and starts it again on the same port and data. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Debian's docker-registry (CNCF distribution 2.8) on a free port, with htpasswd basic auth. */
export async function startDistribution(): Promise<DistributionRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'distribution-'));
  const port = await freePort();
  const username = 'replicator';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(
    join(dir, 'htpasswd'),
    `${username}:${bcrypt.hashSync(password, 4).replace(/^\$2b\$/, '$2y$')}\n`,
  );
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      `auth: { htpasswd: { realm: basic-realm, path: ${join(dir, 'htpasswd')} } }`,
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}`;
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], {
      stdio: 'ignore',
    });
    child = started;
    for (let attempt = 0; ; attempt++) {
      const ok = await fetch(`${url}/v2/`, { headers: { authorization } }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (attempt > 100 || started.exitCode !== null) throw new Error('docker-registry did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url,
    host: `127.0.0.1:${port}`,
    username,
    password,
    authorization,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
