import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Every workspace with a vitest.config.ts is a project; `vitest run` at the root runs them all.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'deploy/*/vitest.config.ts',
      'deploy/test/vitest.compose.config.ts',
    ],
    // Vitest's default (one worker less than the cores) suits CPU-bound tests; most files here spend
    // their time waiting on the servers they start, so one file per core keeps the CPU busy.
    maxWorkers: availableParallelism(),
  },
});
