import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryctlConfig } from '@harbor-ts/config';
import { createLogger } from '@harbor-ts/runtime/logger';
import { createRegistryctlServer } from '../src/server.js';

const SECRET = 'core-secret-0123456789';
const HEX = 'a'.repeat(64);
const DIGEST = `sha256:${HEX}`;

function put(root: string, relative: string, content = '') {
  const file = join(root, 'docker/registry/v2', relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

describe('registryctl', () => {
  let app: Server;
  let root: string;
  let baseUrl: string;

  async function start(deleteEnabled: boolean) {
    root = mkdtempSync(join(tmpdir(), 'registryctl-test-'));
    const config: RegistryctlConfig = {
      service: 'registryctl',
      version: 'test',
      listen: { host: '127.0.0.1', port: 0 },
      log: { level: 'warn', file: join(root, 'registryctl.log') },
      storage: { rootDirectory: root, deleteEnabled },
      secrets: { coreSecret: SECRET, jobserviceSecret: 'job-secret-0123456789' },
    };
    app = createRegistryctlServer(config, createLogger('registryctl', config.log));
    await once(app.listen(0, '127.0.0.1'), 'listening');
    baseUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  }
  const del = (path: string, secret = SECRET) =>
    fetch(`${baseUrl}${path}`, { method: 'DELETE', headers: { authorization: `Harbor-Secret ${secret}` } });

  describe('with deletion enabled', () => {
    beforeEach(() => start(true));
    afterEach(() => new Promise((done) => app.close(done)));

    it('is healthy', async () => {
      expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
    });

    it('deletes a blob only for a caller with the secret', async () => {
      const data = put(root, `blobs/sha256/aa/${HEX}/data`, 'layer');
      expect((await del(`/api/registry/blob/${DIGEST}`, 'wrong-secret-000000')).status).toBe(401);
      expect(existsSync(data)).toBe(true);
      expect((await del(`/api/registry/blob/${DIGEST}`)).status).toBe(200);
      expect(existsSync(data)).toBe(false);
      expect((await del(`/api/registry/blob/${DIGEST}`)).status).toBe(404);
    });

    it('deletes a manifest revision and its tag index entries of a nested repository', async () => {
      const revision = put(root, `repositories/team/app/_manifests/revisions/sha256/${HEX}/link`, DIGEST);
      const index = put(root, `repositories/team/app/_manifests/tags/v1/index/sha256/${HEX}/link`, DIGEST);
      const response = await del(`/api/registry/team/app/manifests/${DIGEST}`);
      expect(response.status).toBe(200);
      expect(existsSync(revision)).toBe(false);
      expect(existsSync(index)).toBe(false);
    });

    it('rejects bad digests and repository names before touching storage', async () => {
      const bad = await del('/api/registry/blob/sha256:..%2F..%2Fetc');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('DIGEST_INVALID');
      expect((await del(`/api/registry/Team/app/manifests/${DIGEST}`)).status).toBe(400);
      expect((await del(`/api/registry/team/%2E%2E%2Fx/manifests/${DIGEST}`)).status).toBe(400);
    });
  });

  describe('batch blob delete', () => {
    beforeEach(() => start(true));
    afterEach(() => new Promise((done) => app.close(done)));

    const batch = (body: unknown, secret = SECRET) =>
      fetch(`${baseUrl}/api/registry/blobs/delete`, {
        method: 'POST',
        headers: { authorization: `Harbor-Secret ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('deletes each digest and answers for each one', async () => {
      const other = `sha256:${'b'.repeat(64)}`;
      const missing = `sha256:${'c'.repeat(64)}`;
      const first = put(root, `blobs/sha256/aa/${HEX}/data`, 'one');
      const second = put(root, `blobs/sha256/bb/${'b'.repeat(64)}/data`, 'two');
      const kept = put(root, `blobs/sha256/dd/${'d'.repeat(64)}/data`, 'kept');
      expect((await batch({ digests: [DIGEST] }, 'wrong-secret-000000')).status).toBe(401);
      expect(existsSync(first)).toBe(true);
      const response = await batch({ digests: [DIGEST, other, missing, 'sha256:..%2F'] });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        results: [
          { digest: DIGEST, status: 'deleted' },
          { digest: other, status: 'deleted' },
          { digest: missing, status: 'not_found' },
          { digest: 'sha256:..%2F', status: 'invalid', message: 'invalid digest sha256:..%2F' },
        ],
      });
      expect([existsSync(first), existsSync(second), existsSync(kept)]).toEqual([false, false, true]);
      expect(existsSync(dirname(first))).toBe(false);
    });

    it('refuses a body that is not a list of digests', async () => {
      expect((await batch({ digests: [] })).status).toBe(400);
      expect((await batch({ digest: DIGEST })).status).toBe(400);
      expect((await batch({ digests: Array.from({ length: 5001 }, () => DIGEST) })).status).toBe(400);
    });
  });

  describe('with deletion disabled', () => {
    beforeEach(() => start(false));
    afterEach(() => new Promise((done) => app.close(done)));

    it('answers 405 and keeps the blob', async () => {
      const data = put(root, `blobs/sha256/aa/${HEX}/data`, 'layer');
      const response = await del(`/api/registry/blob/${DIGEST}`);
      expect(response.status).toBe(405);
      expect(existsSync(data)).toBe(true);
      const batch = await fetch(`${baseUrl}/api/registry/blobs/delete`, {
        method: 'POST',
        headers: { authorization: `Harbor-Secret ${SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({ digests: [DIGEST] }),
      });
      expect(batch.status).toBe(405);
      expect(existsSync(data)).toBe(true);
    });
  });
});
