import { registryctlConfigSchema } from '@harbor-ts/config';
// The http entry: the package's main one loads NestJS, which this process does not use.
import { runHttpService } from '@harbor-ts/runtime/http';
import { createRegistryctlServer } from './server.js';

/**
 * registryctl is a plain node:http server, not a NestJS app as core is: it has four routes, and
 * without Nest and Fastify it idles at about half the memory (bench/README.md "footprint").
 */
await runHttpService({
  name: 'registryctl',
  schema: registryctlConfigSchema,
  create: (config, logger) => ({ server: createRegistryctlServer(config, logger) }),
});
