import type { Logger } from 'pino';
import { appendTaskLog, type Queryable } from '@harbor-ts/db';

const FLUSH_MS = 1000;
const FLUSH_BYTES = 256 * 1024;

/**
 * A task's log as Harbor shows it (`2026-12-03T10:00:00Z [INFO] ...`), buffered and written to
 * Postgres in chunks so a job logging every blob does not make a round trip per line.
 */
export class TaskLog {
  private buffer: string[] = [];
  private bytes = 0;
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Queryable,
    private readonly taskId: number,
    private readonly logger: Logger,
  ) {}

  info(message: string): void {
    this.write('INFO', message);
  }

  warn(message: string): void {
    this.write('WARNING', message);
  }

  error(message: string): void {
    this.write('ERROR', message);
  }

  /** Writes what is buffered; call when the task ends. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
    await this.flushing;
  }

  private write(level: string, message: string): void {
    const line = `${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')} [${level}] ${message}\n`;
    this.buffer.push(line);
    this.bytes += line.length;
    if (this.bytes >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bytes = 0;
    // Chained, so chunks land in order; a failed write loses that chunk of log, never the job.
    this.flushing = this.flushing
      .then(() => appendTaskLog(this.db, this.taskId, chunk))
      .catch((error: unknown) =>
        this.logger.warn({ err: error, taskId: this.taskId }, 'job log chunk not written'),
      );
  }
}
