import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Credentials } from '../support/harbor-client.js';
import type { DockerEngine } from './docker-engine.js';

/**
 * The docker CLI against a test engine, as several users: each has a config dir of its own, so
 * logins do not mix. `login` feeds the password on stdin, as CI systems do.
 */
export class DockerCli {
  private readonly configs = new Map<string, string>();

  constructor(
    private readonly engine: DockerEngine,
    private readonly registryHost: string,
  ) {}

  run(user: string, ...args: string[]): Promise<{ ok: boolean; out: string }> {
    return new Promise((resolve) => {
      execFile(
        'docker',
        args,
        { env: this.env(user), maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ ok: !error, out: `${stdout}${stderr}` }),
      );
    });
  }

  login(who: Credentials): Promise<string> {
    const child = execFile('docker', ['login', this.registryHost, '-u', who.username, '--password-stdin'], {
      env: this.env(who.username),
    });
    child.stdin?.end(who.password);
    return new Promise<string>((resolve) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => resolve(out));
    });
  }

  private env(user: string) {
    if (!this.configs.has(user)) this.configs.set(user, mkdtempSync(join(tmpdir(), `docker-${user}-`)));
    return { ...process.env, DOCKER_HOST: this.engine.host, DOCKER_CONFIG: this.configs.get(user) };
  }
}
