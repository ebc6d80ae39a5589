import { trivyAdapterConfigSchema } from '@harbor-ts/config';
// The http entry: the package's main one loads NestJS, which this process does not use.
import { runHttpService } from '@harbor-ts/runtime/http';
import { createTrivyAdapter } from './trivy-adapter.js';

/**
 * A plain node:http server, as registryctl is: five routes need no NestJS and Fastify, and without
 * them the adapter idles about 28 MiB smaller (bench/README.md "footprint").
 */
await runHttpService({ name: 'trivy-adapter', schema: trivyAdapterConfigSchema, create: createTrivyAdapter });
