import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { eventually } from '../support/eventually.js';
import { ADMIN, api } from '../support/harbor-client.js';
import { OciLayout } from './oci-layout.js';

const exec = promisify(execFile);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TAGS = ['t1', 't2', 't3', 't4', 't5', 't6'];
const LAYER_BYTES = 400_000;

interface Pushed {
  digest: string;
  config: string;
  layer: { digest: string; size: number };
  /** The artifact's size in the registry: manifest, config and layer. */
  bytes: number;
}

/**
 * "Keep the latest 3" as a new user tries it, on the native stack with skopeo: six images with layers
 * of their own, a dry run that deletes nothing and lists what it would, a real run that deletes
 * exactly that, then GC now: the registry's disk shrinks by what the deleted images alone held, the
 * quota drops, and the three kept images pull byte-exact.
 */
// Skipped only on a developer machine without skopeo; under CI a missing tool must fail.
describe.skipIf(!existsSync('/usr/bin/skopeo') && !process.env.CI)('retention then GC', () => {
  let stack: NativeStack;
  let policyId: string;
  const layout = new OciLayout();
  const pushed: Record<string, Pushed> = {};
  const kept = TAGS.slice(3);
  const doomed = TAGS.slice(0, 3);

  const registryDir = () => join(stack.dir, 'data/registry');
  const blobFile = (digest: string) =>
    join(registryDir(), 'docker/registry/v2/blobs/sha256', digest.slice(7, 9), digest.slice(7), 'data');
  /** Bytes of every file under the registry's storage directory (directories themselves left out). */
  const diskBytes = async () =>
    (await exec('find', [registryDir(), '-type', 'f', '-printf', '%s\n'], { maxBuffer: 16 << 20 })).stdout
      .split('\n')
      .filter(Boolean)
      .reduce((sum, size) => sum + Number(size), 0);
  const storageUsed = async () =>
    (await api<Json>(stack.url, 'GET', '/projects/keep3/summary', { as: ADMIN })).body.quota.used
      .storage as number;
  const artifactDigests = async () =>
    (await api<Json[]>(stack.url, 'GET', '/projects/keep3/repositories/app/artifacts', { as: ADMIN })).body
      .map((a) => a.digest as string)
      .sort();
  const digestsOf = (tags: string[]) => tags.map((t) => pushed[t]!.digest).sort();
  const skopeo = (...args: string[]) =>
    exec('skopeo', [
      args[0]!,
      '--tls-verify=false',
      '--creds',
      `${ADMIN.username}:${ADMIN.password}`,
      ...args.slice(1),
    ]);

  async function push(tag: string) {
    const text = randomBytes((LAYER_BYTES * 3) / 4).toString('base64');
    layout.tag(layout.image([layout.layer({ [`${tag}.txt`]: text })]), tag);
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:${tag}`,
      `docker://${stack.registryHost}/keep3/app:${tag}`,
    ]);
    // What the registry holds (skopeo may rewrite what it copies): read back.
    const { stdout } = await skopeo('inspect', '--raw', `docker://${stack.registryHost}/keep3/app:${tag}`);
    const manifest = JSON.parse(stdout) as {
      config: { digest: string; size: number };
      layers: { digest: string; size: number }[];
    };
    const layer = manifest.layers[0]!;
    pushed[tag] = {
      digest: `sha256:${createHash('sha256').update(stdout).digest('hex')}`,
      config: manifest.config.digest,
      layer,
      bytes: Buffer.byteLength(stdout) + manifest.config.size + layer.size,
    };
  }

  /** skopeo checks every blob's digest as it copies: success means byte-exact. */
  const pullsByteExact = (tag: string) =>
    exec('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--src-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `docker://${stack.registryHost}/keep3/app:${tag}`,
      `oci:${mkdtempSync(join(tmpdir(), 'pull-'))}:x`,
    ]).then(
      () => true,
      (error: Error) => error.message,
    );

  /** Starts a run and waits for it and its repository task to finish; returns the execution and its task. */
  async function run(dryRun: boolean) {
    const runs = `/retentions/${policyId}/executions`;
    const started = await api(stack.url, 'POST', runs, { as: ADMIN, body: { dry_run: dryRun } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const executionId = Number(started.headers.get('location')!.split('/').pop());
    const done = (status: string) => ['Success', 'Error', 'Stopped'].includes(status);
    const execution = await eventually(
      async () =>
        (await api<Json[]>(stack.url, 'GET', runs, { as: ADMIN })).body.find((e) => e.id === executionId),
      (e) => e !== undefined && done(e.status as string),
      90_000,
    );
    const tasks = await eventually(
      async () => (await api<Json[]>(stack.url, 'GET', `${runs}/${executionId}/tasks`, { as: ADMIN })).body,
      (list) => list.length === 1 && done(list[0]!.status as string),
      30_000,
    );
    const log = await api<string>(stack.url, 'GET', `${runs}/${executionId}/tasks/${tasks[0]!.id}`, {
      as: ADMIN,
    });
    expect(log.status).toBe(200);
    return { execution: execution!, task: tasks[0]!, log: log.body };
  }

  async function gcNow(): Promise<Json> {
    const started = await api(stack.url, 'POST', '/system/gc/schedule', {
      as: ADMIN,
      // time_window 0: blobs pushed a minute ago may go (Harbor's default keeps the last 2 hours).
      body: {
        schedule: { type: 'Manual' },
        parameters: { delete_untagged: true, workers: 1, time_window: 0 },
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = (await api<Json[]>(stack.url, 'GET', '/system/gc?page_size=1', { as: ADMIN })).body[0]!.id;
    return eventually(
      async () => (await api<Json>(stack.url, 'GET', `/system/gc/${id}`, { as: ADMIN })).body,
      (gc) => ['Success', 'Error', 'Stopped'].includes(gc.job_status as string),
      120_000,
    );
  }

  beforeAll(async () => {
    stack = await startNativeStack();
    const created = await api(stack.url, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'keep3', metadata: { public: 'false' } },
    });
    expect(created.status).toBe(201);
    const projectId = (await api<Json>(stack.url, 'GET', '/projects/keep3', { as: ADMIN })).body.project_id;
    for (const tag of TAGS) await push(tag);
    const policy = await api(stack.url, 'POST', '/retentions', {
      as: ADMIN,
      body: {
        algorithm: 'or',
        rules: [
          {
            disabled: false,
            action: 'retain',
            template: 'latestPushedK',
            params: { latestPushedK: 3 },
            tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
            scope_selectors: {
              repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }],
            },
          },
        ],
        trigger: { kind: 'Schedule', settings: { cron: '' }, references: {} },
        scope: { level: 'project', ref: projectId },
      },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    policyId = policy.headers.get('location')!.split('/').pop()!;
  }, 420_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('a dry run deletes nothing and reports the three oldest as what it would delete', async () => {
    const usedBefore = await storageUsed();
    const { execution, task, log } = await run(true);
    expect(execution).toMatchObject({ status: 'Success', dry_run: true, trigger: 'MANUAL' });
    expect(task).toMatchObject({ status: 'Success', repository: 'app', total: 6, retained: 3 });
    const marked = (mark: string) =>
      log
        .split('\n')
        .filter((line) => line.trim().endsWith(`| ${mark} |`))
        .map((line) => line.split('|')[1]!.trim())
        .sort();
    expect(marked('DEL')).toEqual(digestsOf(doomed));
    expect(marked('RETAIN')).toEqual(digestsOf(kept));
    expect(await artifactDigests()).toEqual(digestsOf(TAGS));
    expect(await storageUsed()).toBe(usedBefore);
  }, 120_000);

  it('the real run deletes exactly those, and the quota gives their storage back', async () => {
    const usedBefore = await storageUsed();
    const { execution, task, log } = await run(false);
    expect(execution).toMatchObject({ status: 'Success', dry_run: false });
    expect(task).toMatchObject({ status: 'Success', total: 6, retained: 3 });
    expect(log).toContain('Deleted 3 of 6 artifacts in keep3/app');
    expect(await artifactDigests()).toEqual(digestsOf(kept));
    for (const tag of doomed) {
      const gone = await api(stack.url, 'GET', `/projects/keep3/repositories/app/artifacts/${tag}`, {
        as: ADMIN,
      });
      expect(gone.status, tag).toBe(404);
    }
    const freed = doomed.reduce((sum, tag) => sum + pushed[tag]!.bytes, 0);
    expect(usedBefore - (await storageUsed())).toBe(freed);
  }, 120_000);

  it('GC now then frees the deleted images’ blobs from disk; the kept images pull byte-exact', async () => {
    const diskBefore = await diskBytes();
    for (const tag of doomed) expect(existsSync(blobFile(pushed[tag]!.layer.digest)), tag).toBe(true);

    const gc = await gcNow();
    expect(gc.job_status).toBe('Success');
    const result = JSON.parse(gc.job_parameters as string) as {
      purged_manifests: number;
      freed_space: number;
    };
    expect(result.purged_manifests).toBe(3);

    const layers = doomed.reduce((sum, tag) => sum + pushed[tag]!.layer.size, 0);
    const everything = doomed.reduce((sum, tag) => sum + pushed[tag]!.bytes, 0);
    expect(result.freed_space).toBe(everything);
    const dropped = diskBefore - (await diskBytes());
    // The deleted manifests, configs and layers, and the registry's small link files to them.
    expect(dropped).toBeGreaterThanOrEqual(everything);
    expect(dropped).toBeLessThanOrEqual(everything + 16 * 1024);
    expect(dropped).toBeGreaterThan(layers);

    for (const tag of doomed) {
      const { digest, config, layer } = pushed[tag]!;
      for (const blob of [digest, config, layer.digest]) expect(existsSync(blobFile(blob)), blob).toBe(false);
    }
    for (const tag of kept) {
      expect(existsSync(blobFile(pushed[tag]!.layer.digest)), tag).toBe(true);
      expect(await pullsByteExact(tag)).toBe(true);
    }
    expect(await artifactDigests()).toEqual(digestsOf(kept));
  }, 240_000);
});
