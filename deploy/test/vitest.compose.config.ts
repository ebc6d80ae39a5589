import { defineProject } from 'vitest/config';

// ./install.sh in docker mode with a real Docker engine (deploy/ci/compose-tests.sh runs this project
// beside the rest of the suite). One file at a time: every file brings up a compose stack.
export default defineProject({
  test: {
    name: 'deploy-compose',
    include: ['compose*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
