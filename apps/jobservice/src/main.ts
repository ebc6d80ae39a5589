import { jobserviceConfigSchema } from '@harbor-ts/config';
// The http entry: the package's main one loads NestJS, which this process does not use.
import { runHttpService } from '@harbor-ts/runtime/http';
import { createJobservice } from './jobservice.js';

await runHttpService({ name: 'jobservice', schema: jobserviceConfigSchema, create: createJobservice });
