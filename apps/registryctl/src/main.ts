import 'reflect-metadata';
import { runService } from '@harbor-ts/runtime';
import { registryctlDefinition } from './registryctl.definition.js';

await runService(registryctlDefinition);
