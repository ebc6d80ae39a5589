import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'prepare', include: ['src/**/*.spec.ts'] },
});
