import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs /usr/bin/skopeo without a containers policy file (the test machine may have none). */
export function skopeo(...args: string[]) {
  return run('skopeo', ['--insecure-policy', ...args], { timeout: 60_000 });
}
