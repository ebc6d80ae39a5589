import { defineProject } from 'vitest/config';

// End-to-end tests of ./prepare, ./install.sh and harborctl with real processes. They run after the
// repository is built, one file at a time (installs build the workspace and bind ports). The docker
// compose tests are a project of their own (vitest.compose.config.ts): the test command runs them
// beside the rest of the suite, since they spend their minutes in the Docker engine.
export default defineProject({
  test: {
    name: 'deploy',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/compose*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
