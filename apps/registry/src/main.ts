import './threadpool.js';
import { registryConfigSchema } from '@harbor-ts/config';
// The http entry: the package's main one loads NestJS, which this process does not use.
import { runHttpService } from '@harbor-ts/runtime/http';
import { createRegistryServer } from './registry-server.js';

await runHttpService({ name: 'registry', schema: registryConfigSchema, create: createRegistryServer });
