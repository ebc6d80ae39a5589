import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DockerEngine {
  host: string;
  stop(): Promise<void>;
}

export const dockerInstalled = () =>
  ['/usr/bin/dockerd', '/usr/sbin/dockerd'].some(existsSync) && existsSync('/usr/bin/skopeo');

/** The engine at $DOCKER_HOST when it answers; otherwise a private dockerd (vfs, no networking) in /tmp. */
export async function startDockerEngine(): Promise<DockerEngine> {
  const existing = process.env.DOCKER_HOST;
  if (
    existing &&
    (await run('docker', ['-H', existing, 'info'], { timeout: 10_000 }).then(
      () => true,
      () => false,
    ))
  ) {
    return { host: existing, stop: async () => undefined };
  }
  const dir = mkdtempSync('/tmp/dockerd-');
  mkdirSync(join(dir, 'exec'));
  const host = `unix://${dir}/docker.sock`;
  const daemon = spawn(
    'dockerd',
    [
      '--storage-driver=vfs',
      '--iptables=false',
      '--bridge=none',
      '--data-root',
      join(dir, 'root'),
      '--host',
      host,
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
    ],
    { stdio: 'ignore', detached: true },
  );
  for (let attempt = 0; ; attempt++) {
    if (
      await run('docker', ['-H', host, 'info'], { timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    if (attempt > 60 || daemon.exitCode !== null) throw new Error('dockerd did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    host,
    async stop() {
      const pid = Number(readFileSync(join(dir, 'docker.pid'), 'utf8'));
      const exited = new Promise((r) => daemon.once('exit', r));
      process.kill(pid, 'SIGTERM');
      await exited;
    },
  };
}
