import type { JobContext, JobHandler } from '../../runner/job-handler.js';

/** Harbor's sample job: sleeps (stoppable), logs, and fails when asked. */
export class DemoHandler implements JobHandler<'DEMO'> {
  async run({ params, signal, log }: JobContext<'DEMO'>): Promise<void> {
    log.info(`sleeping ${params.sleep_ms} ms`);
    if (params.sleep_ms > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, params.sleep_ms);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    if (params.fail) throw new Error('the demo job failed as asked');
  }
}
