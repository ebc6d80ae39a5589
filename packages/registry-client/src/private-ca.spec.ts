import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from './registry-client.js';

/** A registry over TLS whose certificate a CA made here signed: unknown to the system's trust store. */
describe('a registry behind a private CA', () => {
  const dir = mkdtempSync(join(tmpdir(), 'private-ca-'));
  const file = (name: string) => join(dir, name);
  let url = '';
  let ca = '';
  let close: () => void = () => undefined;

  beforeAll(async () => {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.crt'),
      '-days',
      '1',
      '-subj',
      '/CN=test CA',
    );
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      file('s.key'),
      '-out',
      file('s.csr'),
      '-subj',
      '/CN=127.0.0.1',
    );
    writeFileSync(file('san'), 'subjectAltName=IP:127.0.0.1\n');
    openssl(
      'x509',
      '-req',
      '-in',
      file('s.csr'),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('s.crt'),
      '-days',
      '1',
      '-extfile',
      file('san'),
    );
    ca = readFileSync(file('ca.crt'), 'utf8');
    const server = createServer(
      { key: readFileSync(file('s.key')), cert: readFileSync(file('s.crt')) },
      (req, res) => res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' }).end('{}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused without its CA and verified with it', async () => {
    const stranger = new RegistryClient({ url }, { attempts: 1 });
    await expect(stranger.ping()).rejects.toThrow(/certificate/i);
    await stranger.close();
    const trusting = new RegistryClient({ url, caCertificate: ca }, { attempts: 1 });
    await expect(trusting.ping()).resolves.toBeUndefined();
    await trusting.close();
  });
});
