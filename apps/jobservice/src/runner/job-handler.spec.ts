import { describe, expect, it } from 'vitest';
import { lazyHandler, type JobContext, type JobHandler } from './job-handler.js';

const context = { taskId: 1 } as JobContext<'DEMO'>;

describe('lazyHandler', () => {
  it('builds the handler on the first task only and runs every task with it', async () => {
    const ran: number[] = [];
    let builds = 0;
    const handler = lazyHandler<'DEMO'>(async () => {
      builds++;
      return { run: async (task) => void ran.push(task.taskId) };
    });
    expect(builds).toBe(0);
    await Promise.all([handler.run(context), handler.run({ ...context, taskId: 2 })]);
    await handler.run({ ...context, taskId: 3 });
    expect(builds).toBe(1);
    expect(ran.sort()).toEqual([1, 2, 3]);
  });

  it('fails the task whose load failed and loads again for the next one', async () => {
    let attempts = 0;
    const handler = lazyHandler<'DEMO'>(async (): Promise<JobHandler<'DEMO'>> => {
      attempts++;
      if (attempts === 1) throw new Error('module missing');
      return { run: async () => undefined };
    });
    await expect(handler.run(context)).rejects.toThrow('module missing');
    await expect(handler.run(context)).resolves.toBeUndefined();
    expect(attempts).toBe(2);
  });

  it('passes on what the handler throws', async () => {
    const handler = lazyHandler<'DEMO'>(async () => ({
      run: async () => {
        throw new Error('job failed');
      },
    }));
    await expect(handler.run(context)).rejects.toThrow('job failed');
  });
});
