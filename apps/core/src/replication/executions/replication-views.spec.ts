import { describe, expect, it } from 'vitest';
import { executionView, taskView } from './replication-views.js';

const counts = { total: 3, failed: 1, succeed: 1, in_progress: 1, stopped: 0 };

describe("replication views in Harbor's words", () => {
  it('shows an execution with its counts, old status words and trigger', () => {
    const view = executionView({
      id: 7,
      vendor_id: 2,
      status: 'Running',
      status_message: null,
      trigger: 'MANUAL',
      start_time: new Date('2026-12-04T08:00:00Z'),
      end_time: null,
      ...counts,
    });
    expect(view).toEqual({
      id: 7,
      policy_id: 2,
      status: 'InProgress',
      status_text: '',
      trigger: 'manual',
      start_time: '2026-12-04T08:00:00.000Z',
      ...counts,
    });
    expect(executionView({ ...sample(), status: 'Error', trigger: 'EVENT' })).toMatchObject({
      status: 'Failed',
      trigger: 'event_based',
    });
  });

  it('shows a task with its resources from its attributes', () => {
    const view = taskView({
      id: 3,
      execution_id: 7,
      job_id: 'task-3',
      status: 'Success',
      start_time: null,
      end_time: null,
      extra_attrs: { operation: 'copy', resource_type: 'image', src_resource: 'a/b [1 item(s) in total]' },
    });
    expect(view).toEqual({
      id: 3,
      execution_id: 7,
      job_id: 'task-3',
      status: 'Succeed',
      operation: 'copy',
      resource_type: 'image',
      src_resource: 'a/b [1 item(s) in total]',
      dst_resource: '',
    });
  });
});

function sample() {
  return {
    id: 1,
    vendor_id: 1,
    status: 'Success',
    status_message: null,
    trigger: 'MANUAL',
    start_time: new Date(0),
    end_time: new Date(0),
    ...counts,
  };
}
