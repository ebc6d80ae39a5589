import './threadpool.js';
import 'reflect-metadata';
import { runService } from '@harbor-ts/runtime';
import { registryDefinition } from './registry.definition.js';

await runService(registryDefinition);
