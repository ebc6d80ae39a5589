import { chmodSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Listen, LogConfig } from '@harbor-ts/config';
import { loadConfigOrExit } from '../config-from-argv.js';
import { releaseMemoryWhenIdle } from '../idle-memory.js';
import { createLogger } from '../logger.js';

/** A service's server, and what to release when it stops (timers, open files, running work). */
export interface HttpService {
  server: Server;
  /** Runs once the server has stopped taking requests; the process exits when it settles. */
  close?: () => void | Promise<void>;
}

/**
 * Boots a node:http service, as runService does a NestJS one: validated config from `--config`,
 * JSON logs, a Unix socket or TCP, and a clean stop on SIGTERM/SIGINT.
 */
export async function runHttpService<S extends z.ZodType<{ listen: Listen; log: LogConfig }>>(options: {
  name: string;
  schema: S;
  create: (config: z.output<S>, logger: Logger) => HttpService | Promise<HttpService>;
}): Promise<void> {
  const config = loadConfigOrExit(options.name, options.schema);
  const logger = createLogger(options.name, config.log);
  const { server, close } = await options.create(config, logger);
  await listen(server, config.listen);
  logger.info({ listen: config.listen }, `${options.name} started`);
  releaseMemoryWhenIdle();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.close(() => {
        Promise.resolve()
          .then(close)
          .then(
            () => process.exit(0),
            (error: unknown) => {
              logger.error({ err: error }, `${options.name} did not stop cleanly`);
              process.exit(1);
            },
          );
      });
      server.closeIdleConnections();
    });
  }
}

function listen(server: Server, where: Listen): Promise<void> {
  return new Promise((resolve, reject) => {
    const listening = () => {
      server.off('error', reject);
      // nginx workers run as another user; access is guarded by credentials
      if ('socket' in where) chmodSync(where.socket, 0o666);
      resolve();
    };
    server.once('error', reject);
    if ('socket' in where) {
      rmSync(where.socket, { force: true }); // a stale socket from a killed process blocks listen()
      server.listen(where.socket, listening);
    } else {
      server.listen(where.port, where.host, listening);
    }
  });
}
