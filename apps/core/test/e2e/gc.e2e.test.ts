import { execFile } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { eventually } from '../support/eventually.js';
import { api } from '../support/harbor-client.js';
import { dockerInstalled, startDockerEngine, type DockerEngine } from './docker-engine.js';
import { OciLayout } from './oci-layout.js';

const exec = promisify(execFile);
const ADMIN = { username: 'admin', password: 'Harbor12345' };

interface GcRun {
  id: number;
  job_kind: string;
  job_status: string;
  job_parameters: string;
}

/**
 * Garbage collection as a user meets it, on the native stack with the docker CLI: delete an image,
 * run GC, the disk shrinks and what is shared still pulls; pushes during a GC survive; a killed
 * jobservice leaves a finished run and consistent storage; a schedule fires after a full restart.
 */
describe.skipIf(!dockerInstalled() && !process.env.CI)('garbage collection on the native stack', () => {
  let stack: NativeStack;
  let engine: DockerEngine;
  let db: pg.Client;
  let host: string;
  const layout = new OciLayout();
  const dockerConfig = mkdtempSync(join(tmpdir(), 'docker-gc-'));
  const blobFile = (digest: string) =>
    join(
      stack.dir,
      'data/registry/docker/registry/v2/blobs/sha256',
      digest.slice(7, 9),
      digest.slice(7),
      'data',
    );

  const docker = (...args: string[]) =>
    exec('docker', args, {
      env: { ...process.env, DOCKER_HOST: engine.host, DOCKER_CONFIG: dockerConfig },
      maxBuffer: 16 << 20,
    }).then(
      ({ stdout, stderr }) => ({ ok: true, out: stdout + stderr }),
      (error: { stdout?: string; stderr?: string }) => ({
        ok: false,
        out: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
  const skopeoPush = (name: string, target: string) =>
    exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:${name}`,
      `docker://${host}/${target}`,
    ]);
  /** skopeo verifies every blob's digest as it copies: success means byte-exact. */
  const pullsByteExact = (target: string) =>
    exec('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--src-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `docker://${host}/${target}`,
      `oci:${mkdtempSync(join(tmpdir(), 'pull-'))}:x`,
    ]).then(
      () => true,
      () => false,
    );

  /** What the registry holds for a tag (skopeo may recompress layers, so the pushed digests are read back). */
  async function stored(target: string) {
    const { stdout } = await exec('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `docker://${host}/${target}`,
    ]);
    const manifest = JSON.parse(stdout) as {
      config: { digest: string };
      layers: { digest: string; size: number }[];
    };
    return {
      digest: `sha256:${createHash('sha256').update(stdout).digest('hex')}`,
      config: manifest.config.digest,
      layers: manifest.layers,
    };
  }

  async function runGc(parameters: Record<string, unknown>): Promise<number> {
    const started = await api(stack.url, 'POST', '/system/gc/schedule', {
      as: ADMIN,
      body: { schedule: { type: 'Manual' }, parameters },
    });
    expect(started.status).toBe(201);
    const history = await api<GcRun[]>(stack.url, 'GET', '/system/gc?page_size=1', { as: ADMIN });
    return history.body[0]!.id;
  }
  async function gcFinished(id: number, timeoutMs = 120_000): Promise<GcRun> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await api<GcRun>(stack.url, 'GET', `/system/gc/${id}`, { as: ADMIN });
      if (['Success', 'Error', 'Stopped'].includes(run.body.job_status)) return run.body;
      if (Date.now() > deadline) throw new Error(`GC ${id} still ${run.body.job_status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const storageUsed = async (project: string) =>
    (
      await api<{ quota: { used: { storage: number } } }>(stack.url, 'GET', `/projects/${project}/summary`, {
        as: ADMIN,
      })
    ).body.quota.used.storage;

  beforeAll(async () => {
    [stack, engine] = await Promise.all([startNativeStack(), startDockerEngine()]);
    host = stack.registryHost;
    db = new pg.Client({
      host: join(stack.dir, 'data/run/postgresql'),
      user: 'postgres',
      database: 'registry',
    });
    await db.connect();
    expect(
      (
        await api(stack.url, 'POST', '/projects', {
          as: ADMIN,
          body: { project_name: 'gc', metadata: { public: 'false' } },
        })
      ).status,
    ).toBe(201);
    const child = execFile('docker', ['login', host, '-u', ADMIN.username, '--password-stdin'], {
      env: { ...process.env, DOCKER_HOST: engine.host, DOCKER_CONFIG: dockerConfig },
    });
    child.stdin?.end(ADMIN.password);
    await new Promise((resolve) => child.on('close', resolve));
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await engine?.stop();
  }, 60_000);

  it('frees exactly what a deleted image alone used; an image sharing its base still pulls, and the quota drops', async () => {
    const base = layout.layer({ 'bin/busybox': { copyFrom: '/bin/busybox' } });
    const onlyA = layout.layer({ 'a.txt': `a ${randomBytes(8).toString('hex')}\n` });
    const onlyB = layout.layer({ 'b.txt': `b ${randomBytes(8).toString('hex')}\n` });
    layout.tag(layout.image([base, onlyA]), 'a');
    layout.tag(layout.image([base, onlyB]), 'b');
    await skopeoPush('a', 'gc/a:v1');
    await skopeoPush('b', 'gc/b:v1');
    const [a, b] = [await stored('gc/a:v1'), await stored('gc/b:v1')];
    const [baseLayer, layerA] = a.layers;
    const layerB = b.layers[1]!;
    expect(b.layers[0]?.digest).toBe(baseLayer!.digest);
    const pulledB = await docker('pull', `${host}/gc/b:v1`);
    expect(pulledB.ok).toBe(true);
    const digestB = /Digest: (sha256:[0-9a-f]{64})/.exec(pulledB.out)?.[1];
    expect(existsSync(blobFile(layerA!.digest))).toBe(true);

    const before = await storageUsed('gc');
    expect(
      (await api(stack.url, 'DELETE', '/projects/gc/repositories/a/artifacts/v1', { as: ADMIN })).status,
    ).toBe(200);
    expect(await storageUsed('gc')).toBeLessThan(before);

    const run = await gcFinished(await runGc({ delete_untagged: true, workers: 2, time_window: 0 }));
    expect(run.job_status).toBe('Success');
    const log = await api<string>(stack.url, 'GET', `/system/gc/${run.id}/log`, { as: ADMIN });
    expect(log.status).toBe(200);
    expect(log.body).toMatch(/\[\d+\/\d+\]/);
    const result = JSON.parse(run.job_parameters) as {
      freed_space: number;
      purged_blobs: number;
      purged_manifests: number;
    };
    expect(result.purged_manifests, log.body).toBeGreaterThanOrEqual(1);
    // Harbor counts a's manifest among the manifests, its own layer and config among the blobs.
    expect(result.purged_blobs, log.body).toBeGreaterThanOrEqual(2);
    expect(result.freed_space).toBeGreaterThanOrEqual(layerA!.size);

    for (const gone of [layerA!.digest, a.config, a.digest])
      expect(existsSync(blobFile(gone)), gone).toBe(false);
    for (const kept of [baseLayer!.digest, layerB.digest, b.config, b.digest])
      expect(existsSync(blobFile(kept)), kept).toBe(true);
    expect((await docker('rmi', `${host}/gc/b:v1`)).ok).toBe(true);
    const again = await docker('pull', `${host}/gc/b:v1`);
    expect(again.out).toContain(`Digest: ${digestB}`);
    expect(await pullsByteExact('gc/b:v1')).toBe(true);
  }, 240_000);

  it('an untagged artifact GC deletes is audited (no operator, as Harbor’s GC) and its repository empties', async () => {
    layout.tag(layout.image([layout.layer({ 'u.txt': `u ${randomBytes(8).toString('hex')}\n` })]), 'u');
    await skopeoPush('u', 'gc/u:v1');
    const { digest } = await stored('gc/u:v1');
    const untag = await api(stack.url, 'DELETE', '/projects/gc/repositories/u/artifacts/v1/tags/v1', {
      as: ADMIN,
    });
    expect(untag.status).toBe(200);

    const run = await gcFinished(await runGc({ delete_untagged: true, workers: 1, time_window: 0 }));
    expect(run.job_status).toBe('Success');
    const artifact = await api(stack.url, 'GET', `/projects/gc/repositories/u/artifacts/${digest}`, {
      as: ADMIN,
    });
    expect(artifact.status).toBe(404);
    const deletions = await eventually(
      async () =>
        (
          await api<{ operation: string; resource: string; resource_type: string; username: string }[]>(
            stack.url,
            'GET',
            '/projects/gc/logs?page_size=100',
            { as: ADMIN },
          )
        ).body.filter((entry) => entry.operation === 'delete' && entry.resource === `gc/u@${digest}`),
      (list) => list.length > 0,
    );
    expect(deletions).toEqual([expect.objectContaining({ resource_type: 'artifact', username: '' })]);
  }, 120_000);

  it('twenty pushes running during a GC all pull back byte-exact', async () => {
    // A base layer nothing references any more, old enough for GC to take: the pushes reuse it.
    const base = layout.layer({ 'base.bin': randomBytes(256 * 1024).toString('base64') });
    layout.tag(layout.image([base]), 'old');
    await skopeoPush('old', 'gc/old:v1');
    const oldBase = (await stored('gc/old:v1')).layers[0]!.digest;
    expect(
      (await api(stack.url, 'DELETE', '/projects/gc/repositories/old/artifacts/v1', { as: ADMIN })).status,
    ).toBe(200);
    await db.query(`UPDATE blob SET update_time = now() - interval '3 hours' WHERE digest = $1`, [oldBase]);
    const names = Array.from({ length: 20 }, (_, i) => {
      layout.tag(
        layout.image([base, layout.layer({ [`n${i}.txt`]: `${i} ${randomBytes(8).toString('hex')}\n` })]),
        `p${i}`,
      );
      return `p${i}`;
    });

    const gc = runGc({ delete_untagged: false, workers: 4 });
    const pushes = names.map((name) =>
      skopeoPush(name, `gc/${name}:v1`).then(
        () => true,
        (error: Error) => error.message,
      ),
    );
    const run = await gcFinished(await gc);
    expect(await Promise.all(pushes)).toEqual(names.map(() => true));
    expect(run.job_status).toBe('Success');
    for (const name of names) expect(await pullsByteExact(`gc/${name}:v1`)).toBe(true);
  }, 300_000);

  it('a jobservice killed in the middle of a GC leaves a finished run and consistent storage', async () => {
    const junk = await seedUnreferencedBlobs(20_000);
    const id = await runGc({ workers: 1, time_window: 0 });
    const deadline = Date.now() + 60_000;
    while (
      (await api<GcRun>(stack.url, 'GET', `/system/gc/${id}`, { as: ADMIN })).body.job_status !== 'Running'
    ) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const pid = Number(readFileSync(join(stack.dir, 'data/run/pids/jobservice.pid'), 'utf8'));
    process.kill(-pid, 'SIGKILL');
    await exec(join(REPO_ROOT, 'deploy/native/harborctl'), ['--conf', stack.conf, 'start']);
    const interrupted = await gcFinished(id);
    expect(['Error', 'Success']).toContain(interrupted.job_status);

    // Consistent: no row says a blob exists whose file is gone, and everything referenced is on disk.
    const rows = (await db.query<{ digest: string }>(`SELECT digest FROM blob WHERE status = 'none'`)).rows;
    expect(rows.filter((r) => !existsSync(blobFile(r.digest)))).toEqual([]);
    const referenced = (
      await db.query<{ digest: string }>('SELECT DISTINCT digest_blob AS digest FROM artifact_blob')
    ).rows;
    expect(referenced.filter((r) => !existsSync(blobFile(r.digest)))).toEqual([]);
    expect(await pullsByteExact('gc/b:v1')).toBe(true);

    const rerun = await gcFinished(await runGc({ workers: 4, time_window: 0 }));
    expect(rerun.job_status).toBe('Success');
    expect(junk.filter((digest) => existsSync(blobFile(digest)))).toEqual([]);
    expect((await db.query(`SELECT 1 FROM blob WHERE digest = ANY($1::varchar[])`, [junk])).rowCount).toBe(0);
  }, 300_000);

  it('a scheduled GC runs by itself after every process restarts', async () => {
    const set = await api(stack.url, 'PUT', '/system/gc/schedule', {
      as: ADMIN,
      body: {
        schedule: { type: 'Custom', cron: '0 * * * * *' },
        parameters: { delete_untagged: false, workers: 1 },
      },
    });
    expect(set.status).toBe(200);
    const harborctl = join(REPO_ROOT, 'deploy/native/harborctl');
    await db.end();
    await exec(harborctl, ['--conf', stack.conf, 'stop']);
    const restartedAt = Date.now();
    await exec(harborctl, ['--conf', stack.conf, 'start']);
    db = new pg.Client({
      host: join(stack.dir, 'data/run/postgresql'),
      user: 'postgres',
      database: 'registry',
    });
    await db.connect();
    const deadline = Date.now() + 150_000;
    for (;;) {
      const runs = await api<(GcRun & { creation_time: string })[]>(
        stack.url,
        'GET',
        '/system/gc?page_size=5',
        { as: ADMIN },
      );
      const scheduled = runs.body.find(
        (r) => r.job_kind === 'SCHEDULE' && Date.parse(r.creation_time) >= restartedAt - 1000,
      );
      if (scheduled) {
        expect((await gcFinished(scheduled.id)).job_status).toBe('Success');
        break;
      }
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(
      (
        await api(stack.url, 'PUT', '/system/gc/schedule', {
          as: ADMIN,
          body: { schedule: { type: 'None' } },
        })
      ).status,
    ).toBe(200);
  }, 240_000);

  /** Blobs uploaded long ago and never used by a manifest: files in distribution's layout and their rows. */
  async function seedUnreferencedBlobs(count: number): Promise<string[]> {
    const digests: string[] = [];
    for (let i = 0; i < count; i++) {
      const data = randomBytes(64);
      const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
      const file = blobFile(digest);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, data);
      digests.push(digest);
    }
    await db.query(
      `INSERT INTO blob (digest, content_type, size, creation_time, update_time)
       SELECT d, 'application/octet-stream', 64, now() - interval '1 day', now() - interval '1 day' FROM unnest($1::varchar[]) d`,
      [digests],
    );
    return digests;
  }
});
