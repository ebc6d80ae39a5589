import 'reflect-metadata';
import { runService } from '@harbor-ts/runtime';
import { coreDefinition } from './core.definition.js';

await runService(coreDefinition);
