import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { eventually } from '../support/eventually.js';
import { ADMIN, api } from '../support/harbor-client.js';
import { OciLayout } from './oci-layout.js';
import { startScannerAdapter } from './scanner-adapter.js';
import { startReceiver, type Delivery } from './webhook-receiver.js';

const exec = promisify(execFile);
const REPORT_TYPE = 'application/vnd.security.vulnerability.report; version=1.1';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Webhooks for what jobs do, on the native stack: a real scan through the scanner adapter ends in
 * SCANNING_COMPLETED, a retention run that deletes ends in TAG_RETENTION, and each artifact it deleted
 * in DELETE_ARTIFACT and an audit log entry; Default and CloudEvents formats, at a receiver the test runs.
 */
// Skipped only on a developer machine without skopeo; under CI a missing tool must fail.
describe.skipIf(!existsSync('/usr/bin/skopeo') && !process.env.CI)('webhooks for job outcomes', () => {
  let stack: NativeStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let adapter: Awaited<ReturnType<typeof startScannerAdapter>>;
  let projectId: number;
  let policyId: string;
  const layout = new OciLayout();
  const digests: Record<string, string> = {};

  async function push(tag: string) {
    layout.tag(layout.image([layout.layer({ 'etc/version': `${tag}\n` })]), tag);
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:${tag}`,
      `docker://${stack.registryHost}/jobhooks/app:${tag}`,
    ]);
    const artifact = await api<Json>(
      stack.url,
      'GET',
      `/projects/jobhooks/repositories/app/artifacts/${tag}`,
      {
        as: ADMIN,
      },
    );
    digests[tag] = artifact.body.digest as string;
  }

  const matching = (path: string, type: string) =>
    receiver.deliveries.filter((d) => d.path === path && d.body.type === type);
  /** Waits for the `count`-th delivery of the type at the path (jobservice delivers in the background). */
  async function arrived(path: string, type: string, count = 1): Promise<Delivery[]> {
    const found = await eventually(
      () => Promise.resolve(matching(path, type)),
      (list) => list.length >= count,
      60_000,
    );
    if (found.length < count)
      throw new Error(
        `${found.length} ${type} deliveries at ${path}; got ${JSON.stringify(receiver.deliveries.map((d) => [d.path, d.body.type]))}`,
      );
    return found;
  }

  /** Keep the 2 most recently pushed artifacts of every repository; `cron` '' means no schedule. */
  const retentionPolicy = (cron: string) => ({
    algorithm: 'or',
    rules: [
      {
        disabled: false,
        action: 'retain',
        template: 'latestPushedK',
        params: { latestPushedK: 2 },
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
      },
    ],
    trigger: { kind: 'Schedule', settings: { cron }, references: {} },
    scope: { level: 'project', ref: projectId },
  });
  const artifactDigests = async () =>
    (await api<Json[]>(stack.url, 'GET', '/projects/jobhooks/repositories/app/artifacts', { as: ADMIN })).body
      .map((a) => a.digest as string)
      .sort();

  beforeAll(async () => {
    [stack, receiver, adapter] = await Promise.all([
      startNativeStack(),
      startReceiver(),
      startScannerAdapter(),
    ]);
    const created = await api(stack.url, 'POST', '/projects', {
      as: ADMIN,
      body: { project_name: 'jobhooks', metadata: { public: 'false' } },
    });
    expect(created.status).toBe(201);
    projectId = (await api<Json>(stack.url, 'GET', '/projects/jobhooks', { as: ADMIN })).body
      .project_id as number;
    const registered = await api(stack.url, 'POST', '/scanners', {
      as: ADMIN,
      body: { name: 'test scanner', url: adapter.url },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const eventTypes = [
      'SCANNING_COMPLETED',
      'SCANNING_FAILED',
      'SCANNING_STOPPED',
      'TAG_RETENTION',
      'DELETE_ARTIFACT',
    ];
    for (const [name, path, format] of [
      ['default', '/default', 'Default'],
      ['cloud', '/cloud', 'CloudEvents'],
    ]) {
      const policy = await api(stack.url, 'POST', '/projects/jobhooks/webhook/policies', {
        as: ADMIN,
        body: {
          name,
          enabled: true,
          event_types: eventTypes,
          targets: [{ type: 'http', address: `${receiver.url}${path}`, payload_format: format }],
        },
      });
      expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    }
    for (const tag of ['v1', 'v2', 'v3', 'v4']) await push(tag);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
    await adapter?.close();
  }, 60_000);

  it('lists the scan and retention event types as supported', async () => {
    const events = await api<Json>(stack.url, 'GET', '/projects/jobhooks/webhook/events', { as: ADMIN });
    expect(events.body.event_type).toEqual(
      expect.arrayContaining(['SCANNING_COMPLETED', 'SCANNING_FAILED', 'SCANNING_STOPPED', 'TAG_RETENTION']),
    );
  });

  it('sends SCANNING_COMPLETED with the scan overview after a real scan, in both formats', async () => {
    const started = await api(stack.url, 'POST', '/projects/jobhooks/repositories/app/artifacts/v4/scan', {
      as: ADMIN,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const [completed] = await arrived('/default', 'SCANNING_COMPLETED');
    expect(completed!.headers['content-type']).toMatch(/^application\/json/);
    expect(completed!.body).toMatchObject({
      type: 'SCANNING_COMPLETED',
      operator: 'admin',
      event_data: {
        resources: [
          {
            digest: digests.v4,
            tag: 'v4',
            resource_url: expect.stringMatching(/\/jobhooks\/app:v4$/),
            scan_overview: {
              [REPORT_TYPE]: {
                scan_status: 'Success',
                severity: 'High',
                summary: { total: 2, fixable: 1, summary: { High: 1, Low: 1 } },
                scanner: { name: 'TestScanner' },
              },
            },
          },
        ],
        repository: {
          name: 'app',
          namespace: 'jobhooks',
          repo_full_name: 'jobhooks/app',
          repo_type: 'private',
        },
        scan: { scan_type: 'vulnerability' },
      },
    });
    const [cloud] = await arrived('/cloud', 'harbor.scan.completed');
    expect(cloud!.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(cloud!.body).toMatchObject({
      specversion: '1.0',
      source: expect.stringMatching(new RegExp(`^/projects/${projectId}/webhook/policies/\\d+$`)),
      operator: 'admin',
      data: {
        resources: [{ digest: digests.v4, scan_overview: { [REPORT_TYPE]: { scan_status: 'Success' } } }],
      },
    });
  });

  it('sends SCANNING_STOPPED once when a scan is stopped before a worker took it (Pending)', async () => {
    const queue = '/jobservice/queues/IMAGE_SCAN';
    expect((await api(stack.url, 'PUT', queue, { as: ADMIN, body: { action: 'pause' } })).status).toBe(200);
    try {
      const scan = '/projects/jobhooks/repositories/app/artifacts/v2/scan';
      expect((await api(stack.url, 'POST', scan, { as: ADMIN })).status).toBe(202);
      const before = matching('/default', 'SCANNING_STOPPED').length;
      const stopped = await api(stack.url, 'POST', `${scan}/stop`, {
        as: ADMIN,
        body: { scan_type: 'vulnerability' },
      });
      expect(stopped.status).toBe(202);
      const deliveries = await arrived('/default', 'SCANNING_STOPPED', before + 1);
      expect(deliveries.at(-1)!.body).toMatchObject({
        operator: 'admin',
        event_data: { resources: [{ digest: digests.v2, tag: 'v2' }], scan: { scan_type: 'vulnerability' } },
      });
      // The stop announced it, no worker will: one delivery, even after the queue runs again.
      await api(stack.url, 'PUT', queue, { as: ADMIN, body: { action: 'resume' } });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(matching('/default', 'SCANNING_STOPPED')).toHaveLength(before + 1);
    } finally {
      await api(stack.url, 'PUT', queue, { as: ADMIN, body: { action: 'resume' } });
    }
  });

  it('sends SCANNING_STOPPED when a running scan is stopped', async () => {
    adapter.state.hold = true;
    try {
      const scan = '/projects/jobhooks/repositories/app/artifacts/v3/scan';
      expect((await api(stack.url, 'POST', scan, { as: ADMIN })).status).toBe(202);
      const running = await eventually(
        async () =>
          (
            await api<Json>(
              stack.url,
              'GET',
              '/projects/jobhooks/repositories/app/artifacts/v3?with_scan_overview=true',
              { as: ADMIN },
            )
          ).body.scan_overview?.[REPORT_TYPE]?.scan_status,
        (status) => status === 'Running',
        30_000,
      );
      expect(running).toBe('Running');
      const before = matching('/default', 'SCANNING_STOPPED').length;
      const stopped = await api(stack.url, 'POST', `${scan}/stop`, {
        as: ADMIN,
        body: { scan_type: 'vulnerability' },
      });
      expect(stopped.status).toBe(202);
      const delivery = (await arrived('/default', 'SCANNING_STOPPED', before + 1)).at(-1);
      expect(delivery!.body).toMatchObject({
        operator: 'admin',
        event_data: { resources: [{ digest: digests.v3, tag: 'v3' }], scan: { scan_type: 'vulnerability' } },
      });
      await arrived('/cloud', 'harbor.scan.stopped', before + 1);
    } finally {
      adapter.state.hold = false;
    }
  });

  it('sends TAG_RETENTION after a run that deletes, and DELETE_ARTIFACT plus an audit entry per deleted artifact', async () => {
    const created = await api(stack.url, 'POST', '/retentions', { as: ADMIN, body: retentionPolicy('') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    policyId = created.headers.get('location')!.split('/').pop()!;
    const runs = `/retentions/${policyId}/executions`;
    // A dry run deletes nothing and announces nothing.
    expect((await api(stack.url, 'POST', runs, { as: ADMIN, body: { dry_run: true } })).status).toBe(201);
    const finished = async () =>
      (await api<Json[]>(stack.url, 'GET', runs, { as: ADMIN })).body.filter((e) =>
        ['Success', 'Error', 'Stopped'].includes(e.status as string),
      ).length;
    await eventually(finished, (n) => n === 1, 60_000);
    expect((await api(stack.url, 'POST', runs, { as: ADMIN, body: { dry_run: false } })).status).toBe(201);

    const [retention] = await arrived('/default', 'TAG_RETENTION');
    expect(retention!.body).toMatchObject({
      type: 'TAG_RETENTION',
      event_data: {
        retention: {
          total: 4,
          retained: 2,
          harbor_hostname: '127.0.0.1',
          project_name: 'jobhooks',
          retention_policy_id: Number(policyId),
          retention_rule: [{ template: 'latestPushedK', params: { latestPushedK: 2 } }],
          result: 'SUCCESS',
        },
      },
    });
    const deletedNames = (retention!.body.event_data as Json).retention.deleted_artifact.map(
      (a: Json) => a.name_tag,
    );
    expect(deletedNames.sort()).toEqual(['app:v1', 'app:v2']);
    const [cloud] = await arrived('/cloud', 'harbor.tag_retention.finished');
    expect(cloud!.body).toMatchObject({ data: { retention: { total: 4, retained: 2 } } });

    const deletions = await arrived('/default', 'DELETE_ARTIFACT', 2);
    expect(
      deletions
        .map((d) => {
          const [resource] = (d.body.event_data as Json).resources;
          return [resource.tag, resource.digest, d.body.operator];
        })
        .sort(),
    ).toEqual([
      ['v1', digests.v1, 'harbor-jobservice'],
      ['v2', digests.v2, 'harbor-jobservice'],
    ]);
    await arrived('/cloud', 'harbor.artifact.deleted', 2);
    const logs = await eventually(
      async () =>
        (
          await api<Json[]>(stack.url, 'GET', '/projects/jobhooks/logs?page_size=100', { as: ADMIN })
        ).body.filter((l) => l.operation === 'delete' && l.resource_type === 'artifact'),
      (list) => list.length >= 2,
    );
    expect(logs.map((l) => [l.resource, l.username]).sort()).toEqual([
      ['jobhooks/app:v1', 'harbor-jobservice'],
      ['jobhooks/app:v2', 'harbor-jobservice'],
    ]);
    // The dry run sent nothing: one TAG_RETENTION per target, for the real run.
    expect(matching('/default', 'TAG_RETENTION')).toHaveLength(1);
    expect(await artifactDigests()).toEqual([digests.v3, digests.v4].sort());
  });

  it('runs the policy on its schedule (Harbor’s cron, seconds first) through the real scheduler', async () => {
    await push('v5');
    await push('v6');
    const scheduled = await api(stack.url, 'PUT', `/retentions/${policyId}`, {
      as: ADMIN,
      // Harbor's cron has seconds first and requires them to be 0: the next whole minute.
      body: retentionPolicy('0 * * * * *'),
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    try {
      const runs = await eventually(
        async () =>
          (await api<Json[]>(stack.url, 'GET', `/retentions/${policyId}/executions`, { as: ADMIN })).body,
        (list) => list.some((e) => e.trigger === 'SCHEDULE' && e.status === 'Success'),
        80_000,
      );
      expect(runs.find((e) => e.trigger === 'SCHEDULE')).toMatchObject({ dry_run: false });
    } finally {
      await api(stack.url, 'PUT', `/retentions/${policyId}`, { as: ADMIN, body: retentionPolicy('') });
    }
    expect(await artifactDigests()).toEqual([digests.v5, digests.v6].sort());
    const [, second] = await arrived('/default', 'TAG_RETENTION', 2);
    const names = (second!.body.event_data as Json).retention.deleted_artifact.map((a: Json) => a.name_tag);
    expect(names.sort()).toEqual(['app:v3', 'app:v4']);
  }, 120_000);
});
