import { randomUUID } from 'node:crypto';
import { coreConfigSchema } from '@harbor-ts/config';
import { HarborErrorFilter, type ServiceDefinition } from '@harbor-ts/runtime';
import { AppModule } from './app.module.js';
import { installRequestMetrics } from './metrics/request-metrics.js';
import { installRequestIds } from './system/request-id.js';

/** How core is assembled; shared by main.ts and the tests so both boot the same app. */
export const coreDefinition: ServiceDefinition<typeof coreConfigSchema> = {
  name: 'core',
  schema: coreConfigSchema,
  module: AppModule,
  fastify: {
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true }, // swagger paths such as /metadatas/ end in a slash
    genReqId: () => randomUUID(), // Harbor's request ids are UUIDs
  },
  configure: (app, _config, logger) => {
    app.useGlobalFilters(new HarborErrorFilter(logger));
    installRequestMetrics(app); // first onRequest hook, so /v2 requests the gateway hijacks are timed too
    installRequestIds(app);
  },
};
