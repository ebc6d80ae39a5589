import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startRegistry, USER, type TestRegistry } from './harness.js';
import { send } from './http.js';
import { sampleLayout } from './oci-layout.js';
import { skopeo } from './skopeo.js';

const CREDS = `${USER}:${PASSWORD}`;


let registry: TestRegistry;
let work: string;
let images: ReturnType<typeof sampleLayout>;
beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'skopeo-'));
  images = sampleLayout(join(work, 'layout'));
});
afterAll(async () => {
  await registry.close();
  rmSync(work, { recursive: true, force: true });
});

const ref = (name: string) => `docker://${registry.host}/${name}`;
const push = (source: string, dest: string, ...extra: string[]) =>
  skopeo('copy', ...extra, '--dest-tls-verify=false', '--dest-creds', CREDS, source, ref(dest));
const pull = (source: string, dest: string, ...extra: string[]) =>
  skopeo('copy', ...extra, '--src-tls-verify=false', '--src-creds', CREDS, ref(source), dest);

describe('skopeo against harbor-ts', () => {
  it('copies a multi-arch image in and out, digests preserved', async () => {
    await push(`oci:${join(work, 'layout')}:multi`, 'lib/multi:v1', '--all');
    const head = await send(registry, 'HEAD', '/v2/lib/multi/manifests/v1');
    expect(head.headers['docker-content-digest']).toBe(images.multi.digest);
    expect(head.headers['content-type']).toBe('application/vnd.oci.image.index.v1+json');
    await pull('lib/multi:v1', `oci:${join(work, 'out-multi')}:v1`, '--all');
    const { stdout } = await skopeo('inspect', '--raw', `oci:${join(work, 'out-multi')}:v1`);
    expect(JSON.parse(stdout).manifests).toHaveLength(2);
    const blobs = readdirSync(join(work, 'out-multi/blobs/sha256'));
    expect(blobs).toContain(images.multi.digest.slice(7));
  });

  it('copies a single-arch image through the dir and oci-archive transports', async () => {
    await push(`oci:${join(work, 'layout')}:single`, 'lib/single:v1');
    await pull('lib/single:v1', `dir:${join(work, 'dir-out')}`);
    expect(readdirSync(join(work, 'dir-out'))).toContain('manifest.json');
    await pull('lib/single:v1', `oci-archive:${join(work, 'single.tar')}:v1`);
    await push(`oci-archive:${join(work, 'single.tar')}:v1`, 'lib/archived:v2');
    await push(`dir:${join(work, 'dir-out')}`, 'lib/fromdir:v3');
    const archived = await send(registry, 'HEAD', '/v2/lib/archived/manifests/v2');
    expect(archived.headers['docker-content-digest']).toBe(images.single.digest);
  });

  it('lists tags and deletes with skopeo', async () => {
    await push(`oci:${join(work, 'layout')}:single`, 'lib/tags:b');
    await push(`oci:${join(work, 'layout')}:single`, 'lib/tags:a');
    const { stdout } = await skopeo('list-tags', '--tls-verify=false', '--creds', CREDS, ref('lib/tags'));
    expect(JSON.parse(stdout).Tags).toEqual(['a', 'b']);
    await skopeo('delete', '--tls-verify=false', '--creds', CREDS, ref('lib/tags:a'));
    expect((await send(registry, 'GET', '/v2/lib/tags/manifests/a')).status).toBe(404);
    expect((await send(registry, 'GET', '/v2/lib/tags/tags/list')).json<{ tags: string[] }>().tags).toEqual([]);
  });

  it('is refused without credentials', async () => {
    await expect(skopeo('list-tags', '--tls-verify=false', ref('lib/tags'))).rejects.toThrow(/unauthorized|authentication/i);
  });
});
