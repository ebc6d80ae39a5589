import { describe, expect, it } from 'vitest';
import {
  cloudEventsFormat,
  defaultFormat,
  resourceUrl,
  slackFormat,
  SUPPORTED_EVENT_TYPES,
} from './webhook-payload.js';
import { harborPayload } from './harbor-payload.js';

const DIGEST = 'sha256:dde8e930c7b6a490f728e66292bc9bce42efc9bbb5278bae40e4f30f6e00fe8c';
const context = {
  projectName: 'library',
  public: true,
  repositoryCreated: new Date('2023-02-22T08:06:05Z'),
  externalUrl: 'https://harbor.dev',
};
const pushed = {
  type: 'artifact.pushed' as const,
  operator: 'admin',
  projectId: 1,
  occurredAt: '2023-03-06T06:08:43.512Z',
  repository: 'library/busybox',
  digest: DIGEST,
  tag: 'latest',
};

describe('webhook payloads', () => {
  it('builds the Default payload as Harbor documents it', () => {
    const payload = harborPayload(pushed, context);
    expect(payload).toEqual({
      type: 'PUSH_ARTIFACT',
      occur_at: 1678082923,
      operator: 'admin',
      event_data: {
        resources: [{ digest: DIGEST, tag: 'latest', resource_url: 'harbor.dev/library/busybox:latest' }],
        repository: {
          date_created: 1677053165,
          name: 'busybox',
          namespace: 'library',
          repo_full_name: 'library/busybox',
          repo_type: 'public',
        },
      },
    });
    const formatted = defaultFormat(payload);
    expect(formatted.contentType).toBe('application/json');
    expect(JSON.parse(formatted.body)).toEqual(payload);
    // Go's encoder order: the receiver may hash or diff the text.
    expect(
      formatted.body.startsWith('{"type":"PUSH_ARTIFACT","occur_at":1678082923,"operator":"admin"'),
    ).toBe(true);
  });

  it('names a digest reference with @ and leaves date_created out for a gone repository', () => {
    const payload = harborPayload(
      { ...pushed, type: 'artifact.deleted', tag: undefined },
      { ...context, repositoryCreated: undefined, public: false },
    );
    expect(payload.type).toBe('DELETE_ARTIFACT');
    expect(payload.event_data.resources).toEqual([
      { digest: DIGEST, tag: DIGEST, resource_url: `harbor.dev/library/busybox@${DIGEST}` },
    ]);
    expect(payload.event_data.repository).not.toHaveProperty('date_created');
    expect(payload.event_data.repository?.repo_type).toBe('private');
    expect(resourceUrl('http://harbor.test:8480', 'p/r', 'v1')).toBe('harbor.test:8480/p/r:v1');
  });

  it("describes quota events as Harbor's quota handler: digest and tag, no creation time, Details", () => {
    const mib = 1024 * 1024;
    const payload = harborPayload(
      { ...pushed, type: 'quota.exceeded', hard: 10 * mib, used: 9 * mib, requested: 2 * mib },
      context,
    );
    expect(payload).toEqual({
      type: 'QUOTA_EXCEED',
      occur_at: 1678082923,
      operator: 'admin',
      event_data: {
        resources: [{ digest: DIGEST, tag: 'latest' }],
        repository: {
          name: 'busybox',
          namespace: 'library',
          repo_full_name: 'library/busybox',
          repo_type: 'public',
        },
        custom_attributes: {
          Details:
            'adding 2.0 MiB of storage resource, which when updated to current usage of 9.0 MiB will exceed the configured upper limit of 10.0 MiB.',
        },
      },
    });
    const warned = harborPayload(
      { ...pushed, type: 'quota.warned', tag: undefined, hard: 10 * mib, used: 8 * mib, requested: mib },
      context,
    );
    expect(warned.type).toBe('QUOTA_WARNING');
    expect(warned.event_data.resources).toEqual([{ digest: DIGEST }]);
    // Harbor states its threshold (85%), not the percentage reached.
    expect(warned.event_data.custom_attributes?.Details).toBe(
      'quota usage reach 85%: resource storage used 9.0 MiB of 10.0 MiB',
    );
  });

  it('wraps the event data in CloudEvents 1.0', () => {
    const payload = harborPayload({ ...pushed, type: 'artifact.pulled' }, context);
    const formatted = cloudEventsFormat(payload, { projectId: 1, policyId: 3 }, 'the-id');
    expect(formatted.contentType).toBe('application/cloudevents+json');
    expect(JSON.parse(formatted.body)).toEqual({
      specversion: '1.0',
      id: 'the-id',
      source: '/projects/1/webhook/policies/3',
      type: 'harbor.artifact.pulled',
      datacontenttype: 'application/json',
      time: '2023-03-06T06:08:43Z',
      data: payload.event_data,
      operator: 'admin',
    });
    const other = JSON.parse(cloudEventsFormat(payload, { projectId: 1, policyId: 3 }).body) as {
      id: string;
    };
    expect(other.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("formats the Slack message as Harbor's template does", () => {
    const payload = harborPayload(pushed, context);
    const message = JSON.parse(slackFormat(payload).body) as {
      blocks: { type: string; text: { type: string; text: string } }[];
    };
    expect(message.blocks.map((block) => block.text.text)).toEqual([
      '*Harbor webhook events*',
      '*event_type:* PUSH_ARTIFACT',
      '*occur_at:* <!date^1678082923^{date} at {time}|February 18th, 2014 at 6:39 AM PST>',
      '*operator:* admin',
      '*event_data:*',
      '```' + JSON.stringify(payload.event_data, null, '\t') + '```',
    ]);
    expect(message.blocks.every((block) => block.type === 'section' && block.text.type === 'mrkdwn')).toBe(
      true,
    );
  });

  it('supports only the event types core emits', () => {
    expect(SUPPORTED_EVENT_TYPES).toEqual([
      'PUSH_ARTIFACT',
      'PULL_ARTIFACT',
      'DELETE_ARTIFACT',
      'QUOTA_EXCEED',
      'QUOTA_WARNING',
      'SCANNING_FAILED',
      'SCANNING_STOPPED',
      'SCANNING_COMPLETED',
      'REPLICATION',
      'TAG_RETENTION',
    ]);
  });
});
