import { chmodSync, rmSync } from 'node:fs';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Listen, LogConfig } from '@harbor-ts/config';
import { loadConfigOrExit } from './config-from-argv.js';
import { releaseMemoryWhenIdle } from './idle-memory.js';
import { createLogger, PinoNestLogger } from './logger.js';
import { LOGGER, SERVICE_CONFIG } from './tokens.js';

export interface ServiceDefinition<S extends z.ZodType<{ listen: Listen; log: LogConfig }>> {
  name: string;
  schema: S;
  /** The service's root module; the config and logger are injectable through SERVICE_CONFIG and LOGGER. */
  module: Type | DynamicModule;
  /** Adapter options such as a body limit; the service's own concern. */
  fastify?: ConstructorParameters<typeof FastifyAdapter>[0];
  /** Called once the app is created, before it listens (global filters, parsers, hooks). */
  configure?: (app: NestFastifyApplication, config: z.output<S>, logger: Logger) => void | Promise<void>;
}

/** Boots a service: validated config, JSON logs, Nest on Fastify, socket or TCP, clean SIGTERM. */
export async function runService<S extends z.ZodType<{ listen: Listen; log: LogConfig }>>(
  definition: ServiceDefinition<S>,
): Promise<NestFastifyApplication> {
  const config = loadConfigOrExit(definition.name, definition.schema);
  const app = await createServiceApp(definition, config);
  await listen(app, config.listen);
  app.get<Logger>(LOGGER).info({ listen: config.listen }, `${definition.name} started`);
  releaseMemoryWhenIdle();
  return app;
}

export async function createServiceApp<S extends z.ZodType<{ listen: Listen; log: LogConfig }>>(
  definition: ServiceDefinition<S>,
  config: z.output<S>,
): Promise<NestFastifyApplication> {
  const logger = createLogger(definition.name, config.log);
  @Module({
    imports: [definition.module],
  })
  class ServiceRootModule {}
  const runtime: DynamicModule = {
    module: ServiceRootModule,
    global: true,
    providers: [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
    ],
    exports: [SERVICE_CONFIG, LOGGER],
  };
  const adapter = new FastifyAdapter({ requestIdHeader: 'x-request-id', ...definition.fastify });
  const app = await NestFactory.create<NestFastifyApplication>(runtime, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await definition.configure?.(app, config, logger);
  return app;
}

async function listen(app: NestFastifyApplication, where: Listen): Promise<void> {
  if ('socket' in where) {
    rmSync(where.socket, { force: true }); // a stale socket from a killed process blocks listen()
    await app.init();
    await app.getHttpAdapter().getInstance().listen({ path: where.socket });
    chmodSync(where.socket, 0o666); // nginx workers run as another user; access is guarded by credentials
    return;
  }
  await app.listen(where.port, where.host);
}
