import swc from 'unplugin-swc';
import { defineProject } from 'vitest/config';

// swc keeps decorator metadata, which NestJS dependency injection needs.
export default defineProject({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: { include: ['src/**/*.spec.ts', 'test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
