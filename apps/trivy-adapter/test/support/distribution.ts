import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { freePort } from '@harbor-ts/testing';

export interface Distribution {
  url: string;
  stop(): Promise<void>;
}

/** Debian's docker-registry (CNCF distribution 2.8) on loopback, with htpasswd users. */
export async function startDistribution(users: Record<string, string>): Promise<Distribution> {
  const dir = mkdtempSync(join(tmpdir(), 'adapter-registry-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'htpasswd'),
    Object.entries(users)
      .map(([user, password]) => `${user}:${bcrypt.hashSync(password, 4)}`)
      .join('\n'),
  );
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: "${join(dir, 'storage')}" } }`,
      `http: { addr: "127.0.0.1:${port}" }`,
      `auth: { htpasswd: { realm: basic-realm, path: "${join(dir, 'htpasswd')}" } }`,
      '',
    ].join('\n'),
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const answered = await fetch(`${url}/v2/`).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (attempt > 100 || child.exitCode !== null) throw new Error('docker-registry did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
