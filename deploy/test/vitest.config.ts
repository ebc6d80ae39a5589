import { defineProject } from 'vitest/config';

// End-to-end tests of ./prepare, ./install.sh and harborctl with real processes. They run after the
// repository is built, one file at a time (installs build the workspace and bind ports).
export default defineProject({
  test: {
    name: 'deploy',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
