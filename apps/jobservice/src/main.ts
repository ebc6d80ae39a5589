import 'reflect-metadata';
import { runService } from '@harbor-ts/runtime';
import { jobserviceDefinition } from './jobservice.definition.js';

await runService(jobserviceDefinition);
