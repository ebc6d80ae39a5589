import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from './harness.js';
import { pushImage, send, sha256 } from './http.js';

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry();
  await pushImage(registry, 'lib/app', 'v1'); // something on disk that must stay exactly as it is
});
afterAll(() => registry.close());

function snapshot(): string[] {
  return (readdirSync(registry.root, { recursive: true }) as string[]).sort();
}

const DIGEST = sha256('x');
const cases: [string, string, string, string][] = [
  ['POST', '/v2/lib/../etc/blobs/uploads/', 'NAME_INVALID', 'dot-dot segment'],
  ['GET', '/v2/../../etc/passwd/manifests/latest', 'NAME_INVALID', 'leading traversal'],
  ['PUT', '/v2/lib/%2e%2e/x/manifests/latest', 'NAME_INVALID', 'encoded dot-dot'],
  ['GET', '/v2/lib%2fapp/tags/list', 'NAME_INVALID', 'encoded slash'],
  ['GET', '/v2/lib/%2E%2E%2F%2E%2E/blobs/' + DIGEST, 'NAME_INVALID', 'upper-case encoded traversal'],
  ['GET', '/v2/Lib/App/manifests/v1', 'NAME_INVALID', 'uppercase name'],
  ['POST', `/v2/${'a'.repeat(256)}/blobs/uploads/`, 'NAME_INVALID', 'over-long name'],
  ['GET', '/v2/lib//app/tags/list', 'NAME_INVALID', 'empty path component'],
  ['GET', '/v2/lib/app-/tags/list', 'NAME_INVALID', 'trailing separator'],
  ['GET', '/v2/lib/.hidden/tags/list', 'NAME_INVALID', 'leading dot'],
  ['GET', '/v2/lib/app/blobs/md5:d41d8cd98f00b204e9800998ecf8427e', 'DIGEST_INVALID', 'unsupported algorithm'],
  ['GET', `/v2/lib/app/blobs/sha1:${'a'.repeat(40)}`, 'DIGEST_INVALID', 'sha1'],
  ['GET', '/v2/lib/app/blobs/sha256:abc', 'DIGEST_INVALID', 'short hex'],
  ['GET', `/v2/lib/app/blobs/sha256:${'A'.repeat(64)}`, 'DIGEST_INVALID', 'uppercase hex'],
  ['GET', `/v2/lib/app/manifests/sha256:${'g'.repeat(64)}`, 'DIGEST_INVALID', 'non-hex manifest digest'],
  ['POST', `/v2/lib/app/blobs/uploads/?digest=sha384:${'a'.repeat(96)}`, 'DIGEST_INVALID', 'monolithic with sha384'],
  ['POST', '/v2/lib/app/blobs/uploads/?mount=sha256:zz&from=lib/other', 'DIGEST_INVALID', 'mount with a bad digest'],
  ['PUT', '/v2/lib/app/manifests/-tag', 'MANIFEST_INVALID', 'tag starting with a dash'],
  ['PUT', `/v2/lib/app/manifests/${'t'.repeat(129)}`, 'MANIFEST_INVALID', 'over-long tag'],
  ['GET', '/v2/lib/app/referrers/sha256:nothex', 'DIGEST_INVALID', 'referrers with a bad digest'],
];

describe('input grammar is enforced before any disk access', () => {
  it.each(cases)('%s %s → %s (%s)', async (method, path, code) => {
    const before = snapshot();
    const res = await send(registry, method, path, { body: method === 'GET' ? undefined : '{}' });
    expect(res.status).toBe(400);
    expect(res.json().errors[0]?.code).toBe(code);
    expect(snapshot()).toEqual(before);
  });

  it('answers MANIFEST_UNKNOWN (404) to reads of a tag that cannot exist, touching nothing', async () => {
    const before = snapshot();
    for (const method of ['GET', 'HEAD']) {
      const res = await send(registry, method, '/v2/lib/app/manifests/.INVALID_MANIFEST_NAME');
      expect(res.status).toBe(404);
    }
    expect((await send(registry, 'GET', '/v2/lib/app/manifests/-x')).json().errors[0]?.code).toBe('MANIFEST_UNKNOWN');
    expect(snapshot()).toEqual(before);
  });

  it('treats a PUT to an upload under another digest algorithm as invalid, touching nothing', async () => {
    const start = await send(registry, 'POST', '/v2/lib/app/blobs/uploads/');
    const before = snapshot();
    const res = await send(registry, 'PUT', `${start.headers.location as string}?digest=sha1:${'0'.repeat(40)}`);
    expect(res.status).toBe(400);
    expect(snapshot()).toEqual(before);
  });
});
