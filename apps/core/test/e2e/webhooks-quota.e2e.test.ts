import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { eventually } from '../support/eventually.js';
import { ADMIN, api } from '../support/harbor-client.js';
import { OciLayout } from './oci-layout.js';
import { startReceiver, type Delivery } from './webhook-receiver.js';

const exec = promisify(execFile);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const LIMIT = 1024 * 1024;

/**
 * Quota webhooks as a user meets them, on the native stack with skopeo: a project limited to 1 MiB, a
 * push that passes 85% of it announces QUOTA_WARNING, a push over the limit is refused with Harbor's
 * message and announces QUOTA_EXCEED; Default JSON and CloudEvents at a receiver the test runs.
 */
// Skipped only on a developer machine without skopeo; under CI a missing tool must fail.
describe.skipIf(!existsSync('/usr/bin/skopeo') && !process.env.CI)('quota webhooks', () => {
  let stack: NativeStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let projectId: number;
  const layout = new OciLayout();

  /** An image whose only layer holds `bytes` of random data (skopeo gzips layers; this stays its size). */
  function image(tag: string, bytes: number) {
    const file = join(mkdtempSync(join(tmpdir(), 'quota-data-')), 'data.bin');
    writeFileSync(file, randomBytes(bytes));
    layout.tag(layout.image([layout.layer({ 'data.bin': { copyFrom: file, mode: 0o644 } })]), tag);
  }
  const push = (tag: string) =>
    exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:${tag}`,
      `docker://${stack.registryHost}/quotahooks/app:${tag}`,
    ]).then(
      () => ({ ok: true, out: '' }),
      (error: { stdout?: string; stderr?: string }) => ({
        ok: false,
        out: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
  const storageUsed = async () =>
    (await api<Json>(stack.url, 'GET', '/projects/quotahooks/summary', { as: ADMIN })).body.quota.used
      .storage as number;
  const digestOf = async (tag: string) =>
    (
      await api<Json>(stack.url, 'GET', `/projects/quotahooks/repositories/app/artifacts/${tag}`, {
        as: ADMIN,
      })
    ).body.digest as string;

  const matching = (path: string, type: string) =>
    receiver.deliveries.filter((d) => d.path === path && d.body.type === type);
  /** The deliveries of the type at the path once one arrived (jobservice delivers in the background). */
  async function arrived(path: string, type: string): Promise<Delivery[]> {
    const found = await eventually(
      () => Promise.resolve(matching(path, type)),
      (list) => list.length > 0,
      60_000,
    );
    if (found.length === 0)
      throw new Error(
        `no ${type} at ${path}; got ${JSON.stringify(receiver.deliveries.map((d) => [d.path, d.body.type]))}`,
      );
    return found;
  }

  const repository = {
    name: 'app',
    namespace: 'quotahooks',
    repo_full_name: 'quotahooks/app',
    repo_type: 'private',
  };

  beforeAll(async () => {
    [stack, receiver] = await Promise.all([startNativeStack(), startReceiver()]);
    const created = await api(stack.url, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'quotahooks', metadata: { public: 'false' }, storage_limit: LIMIT },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    projectId = (await api<Json>(stack.url, 'GET', '/projects/quotahooks', { as: ADMIN })).body
      .project_id as number;
    for (const [name, path, format] of [
      ['quota-default', '/default', 'Default'],
      ['quota-cloud', '/cloud', 'CloudEvents'],
    ]) {
      const policy = await api(stack.url, 'POST', '/projects/quotahooks/webhook/policies', {
        as: ADMIN,
        body: {
          name,
          enabled: true,
          event_types: ['QUOTA_EXCEED', 'QUOTA_WARNING'],
          targets: [{ type: 'http', address: `${receiver.url}${path}`, payload_format: format }],
        },
      });
      expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    }
    image('small', 10_000);
    image('big', 900_000);
    image('over', 200_000);
  }, 420_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  }, 60_000);

  it('announces QUOTA_WARNING once a push passes 85% of the limit, not before', async () => {
    expect(await push('small')).toEqual({ ok: true, out: '' });
    expect(await storageUsed()).toBeLessThan(LIMIT * 0.85);
    expect(await push('big')).toEqual({ ok: true, out: '' });
    const used = await storageUsed();
    expect(used).toBeGreaterThanOrEqual(LIMIT * 0.85);
    expect(used).toBeLessThanOrEqual(LIMIT);

    const [warning, ...more] = await arrived('/default', 'QUOTA_WARNING');
    expect(more).toEqual([]);
    expect(warning!.headers['content-type']).toMatch(/^application\/json/);
    expect(warning!.body).toEqual({
      type: 'QUOTA_WARNING',
      occur_at: expect.any(Number),
      operator: 'admin',
      event_data: {
        resources: [{ digest: await digestOf('big'), tag: 'big' }],
        repository,
        custom_attributes: {
          Details: `quota usage reach 85%: resource storage used ${(used / 1024).toFixed(1)} KiB of 1.0 MiB`,
        },
      },
    });
    expect(Math.abs((warning!.body.occur_at as number) - Date.now() / 1000)).toBeLessThan(120);

    const [cloud] = await arrived('/cloud', 'harbor.quota.warned');
    expect(cloud!.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(cloud!.body).toMatchObject({
      specversion: '1.0',
      source: expect.stringMatching(new RegExp(`^/projects/${projectId}/webhook/policies/\\d+$`)),
      datacontenttype: 'application/json',
      operator: 'admin',
      data: warning!.body.event_data,
    });
  });

  it('refuses a push over the limit with Harbor’s message and announces QUOTA_EXCEED', async () => {
    const before = await storageUsed();
    const refused = await push('over');
    expect(refused.ok).toBe(false);
    expect(refused.out).toMatch(
      /denied: Quota exceeded when processing the request of adding \d+\.\d KiB of storage resource, which when updated to current usage of \d+\.\d KiB will exceed the configured upper limit of 1\.0 MiB\./,
    );
    expect(await storageUsed()).toBe(before);
    const missing = await api(stack.url, 'GET', '/projects/quotahooks/repositories/app/artifacts/over', {
      as: ADMIN,
    });
    expect(missing.status).toBe(404);

    const [exceeded] = await arrived('/default', 'QUOTA_EXCEED');
    expect(exceeded!.body).toEqual({
      type: 'QUOTA_EXCEED',
      occur_at: expect.any(Number),
      operator: 'admin',
      event_data: {
        resources: [{ digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), tag: 'over' }],
        repository,
        custom_attributes: {
          Details: expect.stringMatching(
            new RegExp(
              `^adding \\d+\\.\\d KiB of storage resource, which when updated to current usage of ${(before / 1024).toFixed(1).replace('.', '\\.')} KiB will exceed the configured upper limit of 1\\.0 MiB\\.$`,
            ),
          ),
        },
      },
    });
    // The message the client got names the same sizes.
    const details = (exceeded!.body.event_data as Json).custom_attributes.Details as string;
    expect(refused.out).toContain(`Quota exceeded when processing the request of ${details}`);

    const [cloud] = await arrived('/cloud', 'harbor.quota.exceeded');
    expect(cloud!.body).toMatchObject({
      specversion: '1.0',
      source: expect.stringMatching(new RegExp(`^/projects/${projectId}/webhook/policies/\\d+$`)),
      operator: 'admin',
      data: exceeded!.body.event_data,
    });
    // The refused push warned nobody: the only warning is the one for `big`.
    expect(matching('/default', 'QUOTA_WARNING')).toHaveLength(1);
  });
});
