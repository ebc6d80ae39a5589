import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobserviceConfig } from '@harbor-ts/config';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

/** jobservice as its own process (built dist), so a test can kill it the way a crash would. */
export class JobserviceProcess {
  private child?: ChildProcess;

  constructor(private readonly config: JobserviceConfig) {}

  async start(): Promise<void> {
    const file = join(dirname(this.config.log.file ?? '/tmp/x'), `jobservice-${Date.now()}.yml`);
    writeFileSync(file, JSON.stringify(this.config));
    const child = spawn(process.execPath, [MAIN, '--config', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const port = (this.config.listen as { port: number }).port;
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`jobservice exited (${child.exitCode}): ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`jobservice did not become healthy: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGKILL: no shutdown hook runs, as when the machine dies. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, as a supervisor stops it; resolves with how the process ended. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || child.exitCode !== null) return { code: child?.exitCode ?? null, signal: null };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');
    return exited;
  }
}
