import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

// Unit tests (src/, jsdom, mocked fetch) and browser tests (e2e/, `@vitest-environment node`, Chromium
// against the full native stack) share the project: the root config only picks up apps/*/vitest.config.ts
// and does not nest projects. Run one side with a path filter: `vitest run --project portal src/` or `e2e/`.
export default defineProject({
  plugins: [react()],
  test: {
    name: 'portal',
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.e2e.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    // The first test of a file also transforms the lazily imported pages; on a loaded machine that alone
    // can pass vitest's 5 s default, and a findBy* may wait 10 s (src/test/setup.ts).
    testTimeout: 30_000,
  },
});
