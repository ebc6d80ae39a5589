import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Agent, fetch as undiciFetch } from 'undici';
import { freePort, privateCa } from '@harbor-ts/testing';

export const DISTRIBUTION = '/usr/bin/docker-registry';

export interface Distribution {
  url: string;
  /** `127.0.0.1:<port>`, for skopeo. */
  host: string;
  /** With `tls`: the PEM of the private CA that signed its certificate (for 127.0.0.1). */
  caCertificate?: string;
  /** `Basic ...` for direct `/v2/` calls when started with a login, else undefined. */
  authorization: string | undefined;
  /** Kills the process (the registry is down); `restart` starts it again on the same port and data. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * CNCF distribution 2.8 (Debian's docker-registry) on a free port of 127.0.0.1, with htpasswd basic
 * auth when a login is given, or Bearer token auth against a token service: the remote registry
 * registry and replication tests point at. Deletes are enabled (replicated deletions).
 */
export async function startDistribution(
  login?: { username: string; password: string },
  token?: { realm: string; certificateFile: string },
  options: { tls?: boolean } = {},
): Promise<Distribution> {
  const dir = mkdtempSync(join(tmpdir(), 'distribution-'));
  const port = await freePort();
  const tls = options.tls ? privateCa(dir) : undefined;
  let auth = '';
  if (login) {
    writeFileSync(join(dir, 'htpasswd'), `${login.username}:${bcrypt.hashSync(login.password, 10)}\n`);
    auth = `auth:\n  htpasswd:\n    realm: basic-realm\n    path: ${dir}/htpasswd\n`;
  }
  // Token auth trusting core's token service: what a Harbor's /v2/ answers (Bearer challenge).
  if (token)
    auth =
      `auth:\n  token:\n    realm: ${token.realm}\n    service: harbor-registry\n` +
      `    issuer: harbor-token-issuer\n    rootcertbundle: ${token.certificateFile}\n`;
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n` +
      `  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n` +
      (tls ? `  tls:\n    certificate: ${tls.certificate}\n    key: ${tls.key}\n` : '') +
      auth,
  );
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(DISTRIBUTION, ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
    const probe = tls ? new Agent({ connect: { ca: tls.caCertificate } }) : undefined;
    child = started;
    for (let i = 0; ; i++) {
      // Any answer (a 401 too) means it listens.
      const up = await undiciFetch(`${url}/v2/`, { dispatcher: probe }).then(
        () => true,
        () => false,
      );
      if (up) return void (await probe?.close());
      if (i > 100 || started.exitCode !== null) throw new Error('docker-registry did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url,
    host: `127.0.0.1:${port}`,
    caCertificate: tls?.caCertificate,
    authorization: login
      ? `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`
      : undefined,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const distributionInstalled = existsSync(DISTRIBUTION);
