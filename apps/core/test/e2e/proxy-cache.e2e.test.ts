import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { api } from '../support/harbor-client.js';
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
    const registry = await api(stack.url, 'POST', '/registries', {
      as: ADMIN,
      body: {
        name: 'upstream',
        url: dist.url,
        type: 'docker-registry',
        credential: { type: 'basic', access_key: REMOTE.username, access_secret: REMOTE.password },
      },
    });
    expect(registry.status, JSON.stringify(registry.body)).toBe(201);
    const registryId = Number(registry.headers.get('location')!.split('/').pop());
    const project = await api(stack.url, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'hub', registry_id: registryId, metadata: { public: 'false' } },
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);

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
});
