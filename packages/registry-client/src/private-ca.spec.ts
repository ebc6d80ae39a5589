import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateCa } from '@harbor-ts/testing';
import { RegistryClient } from './registry-client.js';

/** A registry over TLS whose certificate a CA made here signed: unknown to the system's trust store. */
describe('a registry behind a private CA', () => {
  const dir = mkdtempSync(join(tmpdir(), 'private-ca-'));
  let url = '';
  let ca = '';
  let close: () => void = () => undefined;

  beforeAll(async () => {
    const tls = privateCa(dir);
    ca = tls.caCertificate;
    const server = createServer(
      { key: readFileSync(tls.key), cert: readFileSync(tls.certificate) },
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
