import 'reflect-metadata';
import { runService } from '@harbor-ts/runtime';
import { trivyAdapterDefinition } from './trivy-adapter.definition.js';

await runService(trivyAdapterDefinition);
