import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PREPARE = join(REPO_ROOT, 'prepare');
export const INSTALL = join(REPO_ROOT, 'install.sh');
export const HARBORCTL = join(REPO_ROOT, 'deploy/native/harborctl');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function toResult(run: SpawnSyncReturns<string>): Result {
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a command to completion, capturing its output (short commands only: it blocks). */
export function runSync(command: string, args: string[], cwd = REPO_ROOT): Result {
  return toResult(spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 }));
}

/** Runs a long command (an install) without blocking the event loop. */
export function run(command: string, args: string[], cwd = REPO_ROOT): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * A temporary folder other users can traverse: as root, postgres runs as `postgres` and nginx workers
 * as www-data, and both must reach files inside it.
 */
export function tempDir(prefix = 'hts-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A TCP port nobody listens on right now (never 80/443). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

export interface InstanceOptions {
  dir: string;
  httpPort: number;
  /** Keeps the https block with this port and a generated self-signed certificate. */
  httpsPort?: number;
  edit?: (doc: ReturnType<typeof parseDocument>) => void;
}

/** harbor.yml from the shipped template, edited as docs/install.md tells a user to. */
export function writeHarborYml({ dir, httpPort, httpsPort, edit }: InstanceOptions): string {
  const doc = parseDocument(readFileSync(join(REPO_ROOT, 'harbor.yml.tmpl'), 'utf8'));
  doc.set('hostname', '127.0.0.1');
  doc.setIn(['http', 'port'], httpPort);
  if (httpsPort) {
    const { certificate, privateKey } = selfSignedCertificate(dir);
    doc.setIn(['https', 'port'], httpsPort);
    doc.setIn(['https', 'certificate'], certificate);
    doc.setIn(['https', 'private_key'], privateKey);
  } else {
    doc.delete('https');
  }
  doc.set('data_volume', join(dir, 'data'));
  doc.setIn(['log', 'local', 'location'], join(dir, 'log'));
  edit?.(doc);
  const file = join(dir, 'harbor.yml');
  writeFileSync(file, doc.toString());
  return file;
}

export function selfSignedCertificate(dir: string): { certificate: string; privateKey: string } {
  const certificate = join(dir, 'server.crt');
  const privateKey = join(dir, 'server.key');
  if (!existsSync(certificate)) {
    const made = runSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      privateKey,
      '-out',
      certificate,
    ]);
    if (made.code !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  }
  return { certificate, privateKey };
}

/** Pids of processes whose command line mentions the path (harborctl stop must leave none). */
export function processesMentioning(path: string): string[] {
  const found = runSync('pgrep', ['-af', '--', path]);
  return found.stdout
    .split('\n')
    .filter(Boolean)
    .filter((line) => !line.includes('pgrep'));
}

export interface Health {
  status: string;
  components: { name: string; status: string; error?: string }[];
}

export async function getText(url: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}
