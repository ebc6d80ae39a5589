// Also the package's entry @harbor-ts/runtime/logger, for processes without NestJS (see ./http):
// nothing here loads Nest at run time.
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { LogConfig } from '@harbor-ts/config';

/** JSON lines to the configured file (created with its folder) or to standard output. */
export function createLogger(service: string, config: LogConfig): Logger {
  const destination = config.file
    ? pino.destination({ dest: config.file, mkdir: true, sync: false })
    : pino.destination({ dest: 1, sync: false });
  return pino(
    { level: config.level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
}

/** Routes NestJS's own log calls into pino so every line has one format. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
