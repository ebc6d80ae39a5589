import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { freePort } from '@harbor-ts/testing';

const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

export interface AdapterProcess {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Runs the built adapter (`dist/main.js`) as a deployment does, with a config file and a data dir. */
export async function startAdapter(
  options: {
    apiKey?: string;
    osv?: Record<string, string>;
    timeoutMs?: number;
    ignoreUnfixed?: boolean;
    trivy?: TrivyAdapterConfig['trivy'];
    /** Added to the adapter's environment (e.g. a PATH holding a test `trivy`). */
    env?: Record<string, string>;
  } = {},
): Promise<AdapterProcess> {
  if (!existsSync(MAIN)) throw new Error(`build the adapter first: ${MAIN} is missing`);
  const dir = mkdtempSync(join(tmpdir(), 'trivy-adapter-'));
  const dataDir = join(dir, 'trivy-adapter');
  mkdirSync(join(dataDir, 'osv'), { recursive: true });
  for (const [name, content] of Object.entries(options.osv ?? {}))
    writeFileSync(join(dataDir, 'osv', name), content);
  const port = await freePort();
  const config: TrivyAdapterConfig = {
    service: 'trivy-adapter',
    version: 'test',
    listen: { host: '127.0.0.1', port },
    log: { level: 'warn' },
    dataDir,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    scan: {
      ignoreUnfixed: options.ignoreUnfixed ?? false,
      insecure: false,
      timeoutMs: options.timeoutMs ?? 60_000,
      concurrency: 4,
    },
    ...(options.trivy ? { trivy: options.trivy } : {}),
    staleAfterHours: 168,
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const child = spawn(process.execPath, [MAIN, '--config', join(dir, 'config.json')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...options.env },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const up = await fetch(`${url}/api/v1/metadata`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (attempt > 200 || child.exitCode !== null) throw new Error('the adapter did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    dataDir,
    stop: () =>
      new Promise<void>((done) => {
        const finish = () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        };
        if (child.exitCode !== null) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM');
      }),
  };
}
