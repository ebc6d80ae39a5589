import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Pages are lazy chunks that vitest transforms on first import; give findBy* room on a cold, busy machine
// (CI builds the compose images beside the suite: a first page once took over 5 s to appear).
configure({ asyncUtilTimeout: 10_000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  // The e2e files run in the node environment, which has no localStorage.
  globalThis.localStorage?.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
