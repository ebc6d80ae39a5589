import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { CoreConfig } from '@harbor-ts/config';
import { RegistryClient, type RegistryEndpoint } from '@harbor-ts/registry-client';
import { NginxRelay, UPSTREAM_RELAY_HEADER } from './nginx-relay.js';
import type { ProxyProject } from './proxy-projects.js';

const SECRET = 'core-secret-0123456789';
const relay = new NginxRelay({ secrets: { coreSecret: SECRET } } as CoreConfig);
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** A project whose upstream asks for no credentials (`/v2/` answers 200), so no call leaves the test. */
function project(endpoint: RegistryEndpoint, speedKb = 0): ProxyProject {
  const upstream = new RegistryClient(endpoint);
  upstream.http.discover = () => Promise.resolve({ scheme: 'none' } as never);
  return {
    projectId: 1,
    name: 'hub',
    registryId: 1,
    speedKb,
    upstream,
    upstreamRepository: (repository) => repository.slice('hub/'.length),
  };
}

const request = (value?: string) =>
  ({ headers: value === undefined ? {} : { [UPSTREAM_RELAY_HEADER]: value } }) as IncomingMessage;

describe('NginxRelay', () => {
  it('is offered only by a request carrying the core secret', () => {
    expect(relay.offered(request(SECRET))).toBe(true);
    expect(relay.offered(request('on'))).toBe(false);
    expect(relay.offered(request(`${SECRET}x`))).toBe(false);
    expect(relay.offered(request())).toBe(false);
  });

  it("names the upstream's checked address, its host for Host and TLS, and the project's speed", async () => {
    const answer = await relay.answer(
      project({ url: 'http://127.0.0.1:5000' }, 512),
      'hub/library/app',
      DIGEST,
    );
    expect(answer).toEqual({
      'x-accel-redirect': `/_upstream_blob/http/127.0.0.1:5000/v2/library/app/blobs/${DIGEST}`,
      'x-upstream-host': '127.0.0.1:5000',
      'x-upstream-server-name': '127.0.0.1',
      'x-upstream-authorization': '',
      'x-upstream-rate': String(512 * 1024),
    });
    const tls = await relay.answer(project({ url: 'https://localhost', insecure: true }), 'hub/a', DIGEST);
    expect(tls?.['x-accel-redirect']).toMatch(
      /^\/_upstream_blob\/https-insecure\/(127\.0\.0\.1|\[::1\]):443\/v2\/a\/blobs\//,
    );
    expect(tls?.['x-upstream-server-name']).toBe('localhost');
  });

  it('leaves to core what nginx cannot check as core would: a private CA, a metadata address', async () => {
    const privateCa = project({ url: 'https://10.0.0.1', caCertificate: '-----BEGIN CERTIFICATE-----' });
    expect(await relay.answer(privateCa, 'hub/a', DIGEST)).toBeUndefined();
    await expect(relay.answer(project({ url: 'http://169.254.169.254' }), 'hub/a', DIGEST)).rejects.toThrow(
      /not an allowed address/,
    );
  });
});
