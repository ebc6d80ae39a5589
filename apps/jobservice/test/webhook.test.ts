import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTaskLog } from '@harbor-ts/db';
import type { JobProducer } from '@harbor-ts/jobs';
import { SecretBox } from '@harbor-ts/outbound';
import { flushTestRedis, testRedisConfig, type TestDatabase } from '@harbor-ts/testing';
import {
  executionOf,
  finished,
  jobserviceConfig,
  migratedDatabase,
  producerFor,
  startJobservice,
  type RunningJobservice,
  waitFor,
} from './support/jobservice-stack.js';

const SECRET_KEY = '0123456789abcdef';
const DIGEST = `sha256:${'b'.repeat(64)}`;

/** What core's subscriber would have put in the task for a push (see apps/core/src/webhooks/webhook-payload.ts). */
const eventData = {
  resources: [{ digest: DIGEST, tag: 'v1', resource_url: `harbor.test/hooks/app:v1` }],
  repository: {
    date_created: 1700000000,
    name: 'app',
    namespace: 'hooks',
    repo_full_name: 'hooks/app',
    repo_type: 'private',
  },
};
const defaultBody = JSON.stringify({
  type: 'PUSH_ARTIFACT',
  occur_at: 1700000100,
  operator: 'admin',
  event_data: eventData,
});
const cloudBody = JSON.stringify({
  specversion: '1.0',
  id: '6f9619ff-8b86-d011-b42d-00cf4fc964ff',
  source: '/projects/1/webhook/policies/1',
  type: 'harbor.artifact.pushed',
  datacontenttype: 'application/json',
  time: '2023-11-14T22:15:00Z',
  data: eventData,
  operator: 'admin',
});
const slackBody = JSON.stringify({
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*event_type:* PUSH_ARTIFACT' } }],
});

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('webhook and slack jobs', () => {
  const redis = testRedisConfig('webhook-test');
  let db: TestDatabase;
  let dataSource: DataSource;
  let app: RunningJobservice;
  let producer: JobProducer;
  let receiver: Server;
  let base: string;
  const received: Received[] = [];
  /** Paths answered 500 this many more times. */
  const failures = new Map<string, number>();

  const policy = async (name: string, targets: object[]) => {
    const [row] = (await dataSource.query(
      `INSERT INTO notification_policy (name, project_id, targets, event_types) VALUES ($1, 1, $2, '["PUSH_ARTIFACT"]') RETURNING id`,
      [name, JSON.stringify(targets)],
    )) as { id: number }[];
    return row!.id;
  };
  const run = async (type: 'WEBHOOK' | 'SLACK', tasks: object[], vendorId: number) => {
    const { executionId } = await producer.submit(dataSource, type, {
      vendorId,
      trigger: 'EVENT',
      tasks: tasks as never[],
      extraAttrs: { event_type: 'PUSH_ARTIFACT' },
    });
    return waitFor(() => executionOf(dataSource, executionId), finished, 30_000);
  };

  beforeAll(async () => {
    ({ db, dataSource } = await migratedDatabase('webhook_test'));
    await dataSource.query(`INSERT INTO harbor_user (username) VALUES ('admin')`);
    await dataSource.query(`INSERT INTO project (project_id, owner_id, name) VALUES (1, 1, 'hooks')`);
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString() });
        const left = failures.get(path) ?? 0;
        if (left > 0) failures.set(path, left - 1);
        response.statusCode = left > 0 ? 500 : 200;
        response.end(left > 0 ? 'try again' : 'ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    app = await startJobservice({
      ...jobserviceConfig(db, redis),
      webhookJobMaxRetry: 3,
      webhookJobHttpClientTimeout: 2,
    });
    producer = producerFor(redis);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await producer?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await dataSource?.destroy();
    await db?.drop();
    await flushTestRedis(redis);
  });

  it('POSTs the Default and CloudEvents payloads with their content types and the stored auth header', async () => {
    const box = new SecretBox(SECRET_KEY);
    const id = await policy('both', [
      {
        type: 'http',
        address: `${base}/default`,
        auth_header: box.seal('Bearer s3cret'),
        skip_cert_verify: false,
        payload_format: 'Default',
      },
      { type: 'http', address: `${base}/ce`, skip_cert_verify: false, payload_format: 'CloudEvents' },
    ]);
    const common = { policy_id: id, event_type: 'PUSH_ARTIFACT', skip_cert_verify: false };
    const result = await run(
      'WEBHOOK',
      [
        { ...common, address: `${base}/default`, payload_format: 'Default', payload: defaultBody },
        { ...common, address: `${base}/ce`, payload_format: 'CloudEvents', payload: cloudBody },
      ],
      id,
    );
    expect(result.execution.status).toBe('Success');
    const plain = received.find((r) => r.path === '/default')!;
    expect(plain.headers['content-type']).toBe('application/json');
    expect(plain.headers.authorization).toBe('Bearer s3cret');
    expect(JSON.parse(plain.body)).toEqual(JSON.parse(defaultBody));
    const cloud = received.find((r) => r.path === '/ce')!;
    expect(cloud.headers['content-type']).toBe('application/cloudevents+json');
    expect(cloud.headers.authorization).toBeUndefined();
    expect(cloud.body).toBe(cloudBody);
    const log = (await readTaskLog(dataSource, result.tasks[0]!.id)) ?? '';
    expect(log).toContain(`POST ${base}/default`);
    expect(log).toContain('answered 200');
    expect(log).not.toContain('s3cret');
  });

  it('retries after a 500 with backoff and succeeds, logging both answers', async () => {
    const id = await policy('retry', [{ type: 'http', address: `${base}/flaky`, skip_cert_verify: false }]);
    failures.set('/flaky', 1);
    const result = await run(
      'WEBHOOK',
      [{ policy_id: id, event_type: 'PUSH_ARTIFACT', address: `${base}/flaky`, payload: defaultBody }],
      id,
    );
    expect(result.execution.status).toBe('Success');
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(2);
    const log = (await readTaskLog(dataSource, result.tasks[0]!.id)) ?? '';
    expect(log).toContain('answered 500');
    expect(log).toContain('attempt 1 of 3 failed: abnormal response code: 500');
    expect(log).toContain('answered 200');
  });

  it('fails the task after webhook_job_max_retry attempts', async () => {
    const id = await policy('down', [{ type: 'http', address: `${base}/down`, skip_cert_verify: false }]);
    failures.set('/down', 10);
    const result = await run(
      'WEBHOOK',
      [{ policy_id: id, event_type: 'PUSH_ARTIFACT', address: `${base}/down`, payload: defaultBody }],
      id,
    );
    expect(result.execution.status).toBe('Error');
    expect(received.filter((r) => r.path === '/down')).toHaveLength(3);
    expect(result.tasks[0]!.status_message).toContain('abnormal response code: 500');
  }, 30_000);

  it('refuses a forbidden address at delivery time without calling it', async () => {
    const id = await policy('metadata', [
      { type: 'http', address: 'http://169.254.169.254/latest', skip_cert_verify: false },
    ]);
    const result = await run(
      'WEBHOOK',
      [
        {
          policy_id: id,
          event_type: 'PUSH_ARTIFACT',
          address: 'http://169.254.169.254/latest',
          payload: defaultBody,
        },
      ],
      id,
    );
    expect(result.execution.status).toBe('Error');
    expect(result.tasks[0]!.status_message).toContain('not an allowed address');
  }, 30_000);

  it('sends the Slack body as JSON', async () => {
    const id = await policy('slack', [{ type: 'slack', address: `${base}/slack`, skip_cert_verify: false }]);
    const result = await run(
      'SLACK',
      [{ policy_id: id, event_type: 'PUSH_ARTIFACT', address: `${base}/slack`, payload: slackBody }],
      id,
    );
    expect(result.execution.status).toBe('Success');
    const slack = received.find((r) => r.path === '/slack')!;
    expect(slack.headers['content-type']).toBe('application/json');
    expect(slack.body).toBe(slackBody);
  });
});
