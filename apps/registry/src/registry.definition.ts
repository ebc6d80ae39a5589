import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { registryConfigSchema, type RegistryConfig } from '@harbor-ts/config';
import type { ServiceDefinition } from '@harbor-ts/runtime';
import { pageCacheDropUnavailable } from '@harbor-ts/storage';
import { OciErrorFilter } from './http/oci-error.filter.js';
import { RegistryModule } from './registry.module.js';

/**
 * Bodies are never parsed by the framework: uploads stream `request.raw` to disk through a hash,
 * manifests are read with a size bound by their handler. So one catch-all parser that reads nothing.
 */
function configure(app: NestFastifyApplication, _config: RegistryConfig, logger: Logger): void {
  const adapter = app.getHttpAdapter();
  adapter.registerParserMiddleware(); // Nest's JSON/urlencoded parsers, registered now so init skips them…
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers(); // …and removed with Fastify's own.
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.useGlobalFilters(new OciErrorFilter(logger));
  if (pageCacheDropUnavailable)
    logger.warn(`blob data stays in the page cache, which costs pushes speed: ${pageCacheDropUnavailable}`);
}

export const registryDefinition: ServiceDefinition<typeof registryConfigSchema> = {
  name: 'registry',
  schema: registryConfigSchema,
  module: RegistryModule,
  fastify: {
    // HEAD is handled explicitly (no body, same headers as GET).
    exposeHeadRoutes: false,
    // Layer uploads can take minutes on slow links; never cut a request for taking long.
    requestTimeout: 0,
    // Digests and names are long; distribution accepts long URLs too.
    routerOptions: { maxParamLength: 1024 },
  },
  configure,
};
