import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface Distribution {
  host: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Debian's docker-registry (CNCF distribution 2.8) on loopback over `rootDirectory`, no auth. */
export async function startDistribution(rootDirectory: string, work: string): Promise<Distribution> {
  const port = await freePort();
  const config = join(work, `distribution-${port}.yml`);
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error }',
      'storage:',
      `  filesystem: { rootdirectory: "${rootDirectory}" }`,
      '  delete: { enabled: true }',
      `http: { addr: "127.0.0.1:${port}" }`,
      '',
    ].join('\n'),
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`http://${host}/v2/`)).ok) break;
    } catch {
      if (attempt > 100 || child.exitCode !== null) throw new Error('docker-registry did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    host,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
