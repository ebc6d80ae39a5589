import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { api } from '../support/harbor-client.js';
import { OciClient, registryToken, sha256 } from '../support/oci-client.js';
import { startDistribution, type Distribution } from '../registries-distribution.js';
import { DockerCli } from './docker-cli.js';
import { dockerInstalled, startDockerEngine, type DockerEngine } from './docker-engine.js';
import { OciLayout } from './oci-layout.js';

const exec = promisify(execFile);
const ADMIN = { username: 'admin', password: 'Harbor12345' };
const REMOTE = { username: 'upstream', password: `pw-${Math.random().toString(36).slice(2)}` };

/**
 * A proxy-cache project as an admin sets one up on the native stack, in front of a real distribution
 * 2.8 with htpasswd: `docker pull` through harbor-ts gets the upstream's manifest digest, the image then
 * lists in the project, still pulls with the upstream stopped, a push is refused, and a tag moved
 * upstream is pulled anew.
 */
describe.skipIf(!dockerInstalled() && !process.env.CI)('proxy cache with the docker CLI', () => {
  let stack: NativeStack;
  let engine: DockerEngine;
  let dist: Distribution;
  let docker: DockerCli;
  const layout = new OciLayout();

  /** Puts an image with one random layer of `size` bytes on the upstream as `library/app:<tag>`. */
  async function publish(tag: string, size: number): Promise<string> {
    layout.tag(layout.image([layout.layer({ 'data/blob': randomBytes(size / 2).toString('hex') })]), tag);
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${REMOTE.username}:${REMOTE.password}`,
      `oci:${layout.dir}:${tag}`,
      `docker://${dist.host}/library/app:${tag}`,
    ]);
    const { stdout } = await exec('skopeo', [
      'inspect',
      '--tls-verify=false',
      '--creds',
      `${REMOTE.username}:${REMOTE.password}`,
      '--format',
      '{{.Digest}}',
      `docker://${dist.host}/library/app:${tag}`,
    ]);
    return stdout.trim();
  }

  /** `docker pull`, then the repo digest docker recorded for the image (what it verified). */
  async function pull(reference: string): Promise<{ ok: boolean; out: string; digest?: string }> {
    await docker.run('admin', 'rmi', '-f', reference);
    const pulled = await docker.run('admin', 'pull', reference);
    if (!pulled.ok) return pulled;
    const inspected = await docker.run(
      'admin',
      'image',
      'inspect',
      '--format',
      '{{json .RepoDigests}}',
      reference,
    );
    const digests = JSON.parse(inspected.out) as string[];
    return { ...pulled, digest: digests[0]?.split('@')[1] };
  }

  /** The upstream as a registry endpoint (one per project), and a proxy-cache project in front of it. */
  async function proxyProject(name: string, metadata: Record<string, string>): Promise<void> {
    const registry = await api(stack.url, 'POST', '/registries', {
      as: ADMIN,
      body: {
        name: `upstream-for-${name}`,
        url: dist.url,
        type: 'docker-registry',
        credential: { type: 'basic', access_key: REMOTE.username, access_secret: REMOTE.password },
      },
    });
    expect(registry.status, JSON.stringify(registry.body)).toBe(201);
    const registryId = Number(registry.headers.get('location')!.split('/').pop());
    const project = await api(stack.url, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: name, registry_id: registryId, metadata },
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
  }

  beforeAll(async () => {
    [stack, engine, dist] = await Promise.all([
      startNativeStack(),
      startDockerEngine(),
      startDistribution(REMOTE),
    ]);
    docker = new DockerCli(engine, stack.registryHost);
    expect(await docker.login(ADMIN)).toContain('Login Succeeded');
  }, 600_000);
  afterAll(async () => {
    await Promise.all([stack?.stop(), engine?.stop(), dist?.stop()]);
  });

  it('pulls through, caches, serves offline, refuses pushes and follows a moved tag', async () => {
    const first = await publish('v1', 4 * 1024 * 1024);
    await proxyProject('hub', { public: 'false' });

    const image = `${stack.registryHost}/hub/library/app:v1`;
    const through = await pull(image);
    expect(through.ok, through.out).toBe(true);
    expect(through.digest).toBe(first);

    let listed: { digest: string; tags: { name: string }[] | null }[] = [];
    for (let i = 0; i < 60 && !listed.some((a) => a.digest === first); i++) {
      const res = await api(stack.url, 'GET', '/projects/hub/repositories/library%252Fapp/artifacts', {
        as: ADMIN,
      });
      listed = Array.isArray(res.body) ? res.body : [];
      if (!listed.some((a) => a.digest === first)) await new Promise((r) => setTimeout(r, 500));
    }
    expect(listed.find((a) => a.digest === first)?.tags?.[0]?.name).toBe('v1');

    await dist.kill();
    const offline = await pull(image);
    expect(offline.ok, offline.out).toBe(true);
    expect(offline.digest).toBe(first);
    await dist.restart();

    await docker.run('admin', 'tag', image, `${stack.registryHost}/hub/library/app:mine`);
    const push = await docker.run('admin', 'push', `${stack.registryHost}/hub/library/app:mine`);
    expect(push.ok).toBe(false);
    expect(push.out).toContain('can not push artifact to a proxy project: hub');

    const moved = await publish('v1', 1024 * 1024);
    const refreshed = await pull(image);
    expect(refreshed.ok, refreshed.out).toBe(true);
    expect(refreshed.digest).toBe(moved);
  }, 300_000);

  it("has nginx fetch a missed blob from the upstream itself: at proxy_speed_kb, the upstream's credentials never in the answer, errors answered as a registry does", async () => {
    await proxyProject('slowhub', { proxy_speed_kb: '256' });
    await publish('relayed', 4 * 1024 * 1024); // a gzipped layer of about 1.1 MiB
    const client = OciClient.bearer(
      stack.url,
      await registryToken(stack.url, ['repository:slowhub/library/app:pull'], ADMIN),
    );
    const manifest = await client.fetch('/v2/slowhub/library/app/manifests/relayed', {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(manifest.status).toBe(200);
    const layer = ((await manifest.json()) as { layers: { digest: string }[] }).layers[0]!.digest;

    const started = Date.now();
    const blob = await client.fetch(`/v2/slowhub/library/app/blobs/${layer}`);
    expect(blob.status).toBe(200);
    const bytes = Buffer.from(await blob.arrayBuffer());
    expect(sha256(bytes)).toBe(layer);
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    // At 256 KiB/s, less up to 2 s: nginx allows a second's burst and counts from the request's start
    // in whole seconds (a loaded CI run took 7.2 s for 8.7 s of bytes). Unlimited, it takes ~0.1 s.
    expect(Date.now() - started).toBeGreaterThan((bytes.length / (256 * 1024) - 2) * 1000);
    expect(blob.headers.get('docker-content-digest')).toBe(layer);
    expect([...blob.headers.keys()].filter((name) => name.startsWith('x-upstream'))).toEqual([]);
    expect(JSON.stringify([...blob.headers.values()])).not.toContain(REMOTE.password);
    // nginx's access log names both hops: core's socket, then the upstream nginx fetched the bytes from.
    const logged = readFileSync(join(stack.dir, 'log', 'nginx.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes(`/v2/slowhub/library/app/blobs/${layer}`));
    expect(logged.at(-1)).toMatch(new RegExp(`core\\.sock : ${dist.host.replace(/\./g, '\\.')}"$`));

    // Unknown upstream: nginx hands the request back to core, which answers as a registry does.
    const unknown = await client.fetch(`/v2/slowhub/library/app/blobs/sha256:${'0'.repeat(64)}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BLOB_UNKNOWN');
  }, 120_000);
});
