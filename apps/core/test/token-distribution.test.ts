import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@harbor-ts/testing';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { registryToken } from './support/oci-client.js';
import { writeTokenKey } from './support/registry-fixtures.js';

const DISTRIBUTION = '/usr/bin/docker-registry';

/** Our tokens are the standard format: CNCF distribution itself accepts them (kid, ES256 with prepare's key, claims). */
// Skipped only on a developer machine without docker-registry; under CI a missing tool must fail.
describe.skipIf(!existsSync(DISTRIBUTION) && !process.env.CI)(
  'registry tokens verified by distribution 2.8',
  () => {
    let core: CoreTestApp;
    let distribution: ChildProcess;
    let url: string;
    const admin = { username: 'admin', password: 'Harbor12345' };

    beforeAll(async () => {
      const key = writeTokenKey();
      execFileSync('openssl', [
        'req',
        '-x509',
        '-new',
        '-key',
        key.privateKeyFile,
        '-subj',
        '/CN=harbor-token-issuer',
        '-days',
        '1',
        '-out',
        key.certificateFile,
      ]);
      core = await startCore({
        token: { privateKeyFile: key.privateKeyFile, certificateFile: key.certificateFile },
      });
      const dir = mkdtempSync(join(tmpdir(), 'distribution-'));
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      writeFileSync(
        join(dir, 'config.yml'),
        `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n` +
          `auth:\n  token:\n    realm: ${core.baseUrl}/service/token\n    service: harbor-registry\n    issuer: harbor-token-issuer\n    rootcertbundle: ${key.certificateFile}\n`,
      );
      distribution = spawn(DISTRIBUTION, ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
      for (
        let i = 0;
        !(await fetch(`${url}/v2/`).then(
          () => true,
          () => false,
        ));
        i++
      ) {
        if (i > 100) throw new Error('docker-registry did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    afterAll(async () => {
      distribution?.kill('SIGTERM');
      await core?.close();
    });

    it('accepts our tokens and enforces their access claim', async () => {
      const push = await registryToken(core.baseUrl, ['repository:library/app:pull,push'], admin);
      expect((await fetch(`${url}/v2/`, { headers: { authorization: `Bearer ${push}` } })).status).toBe(200);
      const upload = await fetch(`${url}/v2/library/app/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${push}` },
      });
      expect(upload.status).toBe(202);
      const pull = await registryToken(core.baseUrl, ['repository:library/app:pull'], admin);
      const refused = await fetch(`${url}/v2/library/app/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${pull}` },
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('insufficient_scope');
    });
  },
);
