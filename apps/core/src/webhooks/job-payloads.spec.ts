import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '@harbor-ts/events';
import { harborPayload } from './harbor-payload.js';
import { cloudEventsFormat, defaultFormat } from './webhook-payload.js';

const DIGEST = 'sha256:dde8e930c7b6a490f728e66292bc9bce42efc9bbb5278bae40e4f30f6e00fe8c';
const context = {
  projectName: 'library',
  public: false,
  repositoryCreated: new Date('2023-02-22T08:06:05Z'),
  externalUrl: 'https://harbor.dev:8443',
};
const overview = {
  'application/vnd.security.vulnerability.report; version=1.1': {
    report_id: 'r1',
    scan_status: 'Success',
    severity: 'High',
    summary: { total: 2, fixable: 1, summary: { High: 1, Low: 1 } },
  },
};
const scanned = {
  type: 'scan.completed',
  operator: 'admin',
  projectId: 1,
  occurredAt: '2023-03-06T06:08:43.512Z',
  repository: 'library/busybox',
  digest: DIGEST,
  tag: 'latest',
  scanType: 'vulnerability',
  scanOverview: overview,
} satisfies CoreEvent;

describe('webhook payloads of job outcomes', () => {
  it('SCANNING_COMPLETED: the image, its resource URL and scan overview, the repository without its creation time', () => {
    const payload = harborPayload(scanned, context);
    // Byte for byte in Go's field order: digest, tag, resource_url, scan_overview; resources before repository.
    expect(defaultFormat(payload).body).toBe(
      JSON.stringify({
        type: 'SCANNING_COMPLETED',
        occur_at: 1678082923,
        operator: 'admin',
        event_data: {
          resources: [
            {
              digest: DIGEST,
              tag: 'latest',
              resource_url: 'harbor.dev:8443/library/busybox:latest',
              scan_overview: overview,
            },
          ],
          repository: {
            name: 'busybox',
            namespace: 'library',
            repo_full_name: 'library/busybox',
            repo_type: 'private',
          },
          scan: { scan_type: 'vulnerability' },
        },
      }),
    );
  });

  it('SCANNING_FAILED and SCANNING_STOPPED of an untagged image name it by digest, without an empty overview', () => {
    const failed = harborPayload(
      { ...scanned, type: 'scan.failed', tag: undefined, scanOverview: {} },
      context,
    );
    expect(failed.type).toBe('SCANNING_FAILED');
    expect(failed.event_data.resources).toEqual([
      { digest: DIGEST, resource_url: `harbor.dev:8443/library/busybox@${DIGEST}` },
    ]);
    expect(harborPayload({ ...scanned, type: 'scan.stopped' }, context).type).toBe('SCANNING_STOPPED');
  });

  it('CloudEvents types are Harbor’s harbor.scan.* and harbor.tag_retention.finished', () => {
    const ids = { projectId: 1, policyId: 2 };
    const types = (['scan.completed', 'scan.failed', 'scan.stopped'] as const).map(
      (type) => JSON.parse(cloudEventsFormat(harborPayload({ ...scanned, type }, context), ids).body).type,
    );
    expect(types).toEqual(['harbor.scan.completed', 'harbor.scan.failed', 'harbor.scan.stopped']);
    const retention = JSON.parse(cloudEventsFormat(harborPayload(retained, context), ids).body);
    expect(retention).toMatchObject({
      type: 'harbor.tag_retention.finished',
      data: { retention: { total: 5, retained: 3 } },
    });
  });

  const retained = {
    type: 'retention.finished',
    operator: 'admin',
    projectId: 1,
    occurredAt: '2023-03-06T06:08:43.512Z',
    executionId: 7,
    taskId: 8,
    projectName: 'library',
    policyId: 3,
    total: 5,
    retained: 3,
    status: 'SUCCESS',
    deleted: [
      { repository: 'library/app', digest: DIGEST, tags: ['v1', 'v1.0'] },
      { repository: 'library/app', digest: 'sha256:00', tags: [] },
    ],
    rules: [
      {
        id: 1,
        priority: 1,
        disabled: false,
        action: 'retain',
        template: 'latestPushedK',
        params: { latestPushedK: 3 },
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
      },
    ],
  } satisfies CoreEvent;

  it('TAG_RETENTION: counts, host, policy, its rules and each deleted artifact as Harbor writes them', () => {
    expect(defaultFormat(harborPayload(retained, context)).body).toBe(
      JSON.stringify({
        type: 'TAG_RETENTION',
        occur_at: 1678082923,
        operator: 'admin',
        event_data: {
          retention: {
            total: 5,
            retained: 3,
            harbor_hostname: 'harbor.dev',
            project_name: 'library',
            retention_policy_id: 3,
            retention_rule: [
              {
                template: 'latestPushedK',
                params: { latestPushedK: 3 },
                tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
                scope_selectors: {
                  repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }],
                },
              },
            ],
            result: 'SUCCESS',
            deleted_artifact: [
              { type: 'image', status: 'SUCCESS', name_tag: 'app:v1', references: null },
              { type: 'image', status: 'SUCCESS', name_tag: 'app@sha256:00', references: null },
            ],
          },
        },
      }),
    );
  });

  // Replication is built elsewhere; its payload is defined here and tested only as a mapping.
  const replicated = {
    type: 'replication.finished',
    operator: 'admin',
    projectId: 1,
    occurredAt: '2023-03-06T06:08:43.512Z',
    executionId: 11,
    taskId: 12,
    status: 'Success',
    trigger: 'manual',
    executionStartedAt: '2023-03-06T06:08:00.000Z',
    policy: { description: 'to the mirror', creator: 'admin', override: true },
    direction: 'push',
    remoteRegistry: {
      name: 'mirror',
      type: 'docker-registry',
      url: 'https://mirror.example',
      credentialType: 'basic',
    },
    resourceType: 'image',
    sourceResource: 'library/busybox:latest',
    destinationResource: 'mirror/busybox:latest',
    references: ['latest'],
  } satisfies CoreEvent;

  it('REPLICATION push: this Harbor as source, the remote as destination, the artifact as succeeded', () => {
    const payload = harborPayload(replicated, context);
    expect(defaultFormat(payload).body).toBe(
      JSON.stringify({
        type: 'REPLICATION',
        occur_at: 1678082923,
        operator: 'admin',
        event_data: {
          replication: {
            harbor_hostname: 'harbor.dev',
            job_status: 'Success',
            description: 'to the mirror',
            artifact_type: 'image',
            authentication_type: 'basic',
            override_mode: true,
            trigger_type: 'manual',
            policy_creator: 'admin',
            execution_timestamp: 1678082880,
            src_resource: {
              registry_type: 'harbor',
              endpoint: 'https://harbor.dev:8443',
              namespace: 'mirror',
            },
            dest_resource: {
              registry_name: 'mirror',
              registry_type: 'docker-registry',
              endpoint: 'https://mirror.example',
              namespace: 'library',
            },
            successful_artifact: [
              { type: 'image', status: 'Success', name_tag: 'busybox:latest', references: ['latest'] },
            ],
            execution_id: 11,
            task_id: 12,
          },
        },
      }),
    );
    expect(JSON.parse(cloudEventsFormat(payload, { projectId: 1, policyId: 2 }).body).type).toBe(
      'harbor.replication.status.changed',
    );
  });

  it('REPLICATION pull that failed: the remote as source, the artifact as failed, empty fields left out', () => {
    const payload = harborPayload(
      {
        ...replicated,
        status: 'Error',
        direction: 'pull',
        policy: { description: '', creator: 'admin', override: false },
        sourceResource: 'busybox:latest',
        destinationResource: 'library/busybox:latest',
      },
      context,
    );
    const replication = payload.event_data.replication!;
    expect(replication).not.toHaveProperty('description');
    expect(replication).not.toHaveProperty('override_mode');
    expect(replication.src_resource).toEqual({
      registry_name: 'mirror',
      registry_type: 'docker-registry',
      endpoint: 'https://mirror.example',
    });
    expect(replication.dest_resource).toEqual({
      registry_type: 'harbor',
      endpoint: 'https://harbor.dev:8443',
      namespace: 'library',
    });
    expect(replication.failed_artifact).toEqual([
      { type: 'image', status: 'Error', name_tag: 'busybox:latest', references: ['latest'] },
    ]);
    expect(replication).not.toHaveProperty('successful_artifact');
  });
});
