import { describe, expect, it } from 'vitest';
import { decodeJobOutcome, encodeJobOutcome, jobOutcomeStreamKey, type JobOutcome } from './job-outcome.js';

const finished: JobOutcome = {
  kind: 'task.finished',
  vendorType: 'IMAGE_SCAN',
  executionId: 7,
  taskId: 12,
  status: 'Success',
  at: '2026-12-04T08:00:00.000Z',
};

const deleted: JobOutcome = {
  kind: 'artifact.deleted',
  vendorType: 'RETENTION',
  executionId: 3,
  taskId: 4,
  projectId: 2,
  repository: 'library/app',
  digest: `sha256:${'b'.repeat(64)}`,
  tags: ['v1', 'v1.0'],
  operator: 'harbor-jobservice',
  at: '2026-12-04T08:00:01.000Z',
};

describe('the job-outcome stream entry', () => {
  it('round-trips a finished task through the flat field list Redis stores', () => {
    const fields = encodeJobOutcome(finished);
    expect(fields).toEqual([
      'kind',
      'task.finished',
      'vendorType',
      'IMAGE_SCAN',
      'executionId',
      '7',
      'taskId',
      '12',
      'at',
      finished.at,
      'status',
      'Success',
    ]);
    expect(decodeJobOutcome(fields)).toEqual(finished);
  });

  it('keeps the tags of a deleted artifact as a list, and an untagged one as an empty list', () => {
    const fields = encodeJobOutcome(deleted);
    expect(fields[fields.indexOf('tags') + 1]).toBe('["v1","v1.0"]');
    expect(decodeJobOutcome(fields)).toEqual(deleted);
    const untagged = { ...deleted, tags: [] };
    expect(decodeJobOutcome(encodeJobOutcome(untagged))).toEqual(untagged);
  });

  it('refuses entries that are not an outcome, instead of reading them as empty fields', () => {
    expect(() => decodeJobOutcome(['type', 'blob', 'digest', 'sha256:x'])).toThrow();
    expect(() =>
      decodeJobOutcome(encodeJobOutcome(finished).map((f) => (f === 'Success' ? 'Done' : f))),
    ).toThrow();
    const badTags = encodeJobOutcome(deleted).map((f) => (f.startsWith('[') ? 'v1' : f));
    expect(() => decodeJobOutcome(badTags)).toThrow();
    expect(() => encodeJobOutcome({ ...finished, taskId: 0 })).toThrow();
  });

  it('lives under the service’s key prefix', () => {
    expect(jobOutcomeStreamKey('harbor-job:')).toBe('harbor-job:job_outcomes');
  });
});
