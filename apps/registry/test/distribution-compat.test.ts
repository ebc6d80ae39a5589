import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startRegistry, USER } from './harness.js';
import { send } from './http.js';
import { startDistribution } from './distribution.js';
import { sampleLayout } from './oci-layout.js';
import { skopeo } from './skopeo.js';

const CREDS = `${USER}:${PASSWORD}`;
let work: string;
let images: ReturnType<typeof sampleLayout>;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'compat-'));
  images = sampleLayout(join(work, 'layout'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('one data directory, two registries', () => {
  it('serves through harbor-ts what distribution wrote', async () => {
    const root = join(work, 'from-distribution');
    const distribution = await startDistribution(root, work);
    try {
      const to = (ref: string) => `docker://${distribution.host}/${ref}`;
      await skopeo('copy', '--all', '--dest-tls-verify=false', `oci:${join(work, 'layout')}:multi`, to('lib/multi:v1'));
      await skopeo('copy', '--dest-tls-verify=false', `oci:${join(work, 'layout')}:single`, to('lib/single:v1'));
    } finally {
      await distribution.stop();
    }
    const registry = await startRegistry({ storage: { rootDirectory: root } });
    try {
      const head = await send(registry, 'HEAD', '/v2/lib/multi/manifests/v1');
      expect(head.status).toBe(200);
      expect(head.headers['docker-content-digest']).toBe(images.multi.digest);
      expect(head.headers['content-type']).toBe('application/vnd.oci.image.index.v1+json');
      expect((await send(registry, 'GET', '/v2/_catalog')).json<{ repositories: string[] }>().repositories).toEqual(['lib/multi', 'lib/single']);
      const out = join(work, 'pulled-from-harbor');
      await skopeo('copy', '--all', '--src-tls-verify=false', '--src-creds', CREDS, `docker://${registry.host}/lib/multi:v1`, `oci:${out}:v1`);
      const { stdout } = await skopeo('inspect', '--raw', `oci:${out}:v1`);
      expect(JSON.parse(stdout).manifests).toHaveLength(2);
      // And harbor-ts can keep writing into it.
      await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', CREDS, `oci:${join(work, 'layout')}:single`, `docker://${registry.host}/lib/single:v2`);
    } finally {
      await registry.close();
    }
  });

  it('serves through distribution what harbor-ts wrote', async () => {
    const root = join(work, 'from-harbor');
    const registry = await startRegistry({ storage: { rootDirectory: root } });
    try {
      const to = (ref: string) => `docker://${registry.host}/${ref}`;
      await skopeo('copy', '--all', '--dest-tls-verify=false', '--dest-creds', CREDS, `oci:${join(work, 'layout')}:multi`, to('lib/multi:v1'));
      await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', CREDS, `oci:${join(work, 'layout')}:single`, to('lib/single:v1'));
    } finally {
      await registry.close();
    }
    const distribution = await startDistribution(root, work);
    try {
      const head = await fetch(`http://${distribution.host}/v2/lib/multi/manifests/v1`, {
        method: 'HEAD',
        headers: { accept: 'application/vnd.oci.image.index.v1+json' },
      });
      expect(head.status).toBe(200);
      expect(head.headers.get('docker-content-digest')).toBe(images.multi.digest);
      const tags = await (await fetch(`http://${distribution.host}/v2/lib/single/tags/list`)).json();
      expect(tags).toEqual({ name: 'lib/single', tags: ['v1'] });
      const catalog = await (await fetch(`http://${distribution.host}/v2/_catalog`)).json();
      expect(catalog).toEqual({ repositories: ['lib/multi', 'lib/single'] });
      const out = join(work, 'pulled-from-distribution');
      await skopeo('copy', '--all', '--src-tls-verify=false', `docker://${distribution.host}/lib/multi:v1`, `oci:${out}:v1`);
      const { stdout } = await skopeo('inspect', '--raw', `oci:${out}:v1`);
      expect(JSON.parse(stdout).manifests).toHaveLength(2);
    } finally {
      await distribution.stop();
    }
  });
});
