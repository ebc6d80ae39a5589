import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { ADMIN, api } from '../support/harbor-client.js';
import { eventually } from '../support/eventually.js';
import { OciLayout } from './oci-layout.js';
import { startReceiver, type Delivery } from './webhook-receiver.js';

const exec = promisify(execFile);

/** Push, pull and delete with skopeo through nginx; webhooks arrive at a receiver the test runs. */
// Skipped only on a developer machine without skopeo; under CI a missing tool must fail.
describe.skipIf(!existsSync('/usr/bin/skopeo') && !process.env.CI)('webhooks on the native stack', () => {
  let stack: NativeStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const layout = new OciLayout();

  beforeAll(async () => {
    [stack, receiver] = await Promise.all([startNativeStack(), startReceiver()]);
    layout.tag(layout.image([layout.layer({ 'hello.txt': 'webhooks\n' })]), 'app');
    expect(
      (
        await api(stack.url, 'POST', '/projects', {
          as: ADMIN,
          body: { project_name: 'hooks', metadata: { public: 'false' } },
        })
      ).status,
    ).toBe(201);
    const policy = (name: string, path: string, format: string) =>
      api(stack.url, 'POST', '/projects/hooks/webhook/policies', {
        as: ADMIN,
        body: {
          name,
          enabled: true,
          event_types: ['PUSH_ARTIFACT', 'PULL_ARTIFACT', 'DELETE_ARTIFACT'],
          targets: [
            {
              type: 'http',
              address: `${receiver.url}${path}`,
              auth_header: 'Bearer ci-token',
              payload_format: format,
            },
          ],
        },
      });
    expect((await policy('ci', '/flaky', 'Default')).status).toBe(201);
    expect((await policy('events', '/cloudevents', 'CloudEvents')).status).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  }, 60_000);

  const find = (path: string, type: string) =>
    receiver.deliveries.find(
      (d) => d.path === path && (d.body.type === type || d.body.type === `harbor.artifact.${type}`),
    );
  /** The delivery once it arrived (jobservice delivers after the push has answered). */
  const arrived = async (path: string, type: string): Promise<Delivery> => {
    const delivery = await eventually(
      () => Promise.resolve(find(path, type)),
      (found) => found !== undefined,
      30_000,
    );
    if (!delivery)
      throw new Error(
        `no ${type} delivery at ${path}; got ${JSON.stringify(receiver.deliveries.map((d) => [d.path, d.body.type]))}`,
      );
    return delivery;
  };

  it('delivers a push in Harbor’s Default format (after one retry) and as a CloudEvent', async () => {
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:app`,
      `docker://${stack.registryHost}/hooks/app:v1`,
    ]);
    const pushed = await arrived('/flaky', 'PUSH_ARTIFACT');
    expect(pushed.headers.authorization).toBe('Bearer ci-token');
    expect(pushed.headers['content-type']).toMatch(/^application\/json/);
    expect(pushed.body).toMatchObject({
      type: 'PUSH_ARTIFACT',
      operator: 'admin',
      event_data: {
        resources: [expect.objectContaining({ tag: 'v1', digest: expect.stringMatching(/^sha256:/) })],
        repository: expect.objectContaining({ name: 'app', namespace: 'hooks', repo_full_name: 'hooks/app' }),
      },
    });
    const cloudEvent = await arrived('/cloudevents', 'pushed');
    expect(cloudEvent.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(cloudEvent.body).toMatchObject({ specversion: '1.0', type: 'harbor.artifact.pushed' });
  });

  it('delivers pulls and deletions, and records each delivery', async () => {
    await exec('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `docker://${stack.registryHost}/hooks/app:v1`,
    ]);
    await arrived('/flaky', 'PULL_ARTIFACT');
    expect(
      (await api(stack.url, 'DELETE', '/projects/hooks/repositories/app/artifacts/v1', { as: ADMIN })).status,
    ).toBe(200);
    await arrived('/flaky', 'DELETE_ARTIFACT');
    const policies = await api(stack.url, 'GET', '/projects/hooks/webhook/policies', { as: ADMIN });
    const ci = policies.body.find((p: { name: string }) => p.name === 'ci');
    expect(JSON.stringify(policies.body)).not.toContain('ci-token');
    const executions = await api(stack.url, 'GET', `/projects/hooks/webhook/policies/${ci.id}/executions`, {
      as: ADMIN,
    });
    expect(executions.body.length).toBeGreaterThanOrEqual(3);
    expect(executions.body.every((e: { status: string }) => e.status === 'Success')).toBe(true);
  });
});
