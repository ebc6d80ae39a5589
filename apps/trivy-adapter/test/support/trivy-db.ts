import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WRITER = new URL('../fixtures/trivy-db/write-bolt.go', import.meta.url).pathname;

/** Go and Debian's bbolt sources, which write the BoltDB fixtures (never shipped). */
export const canWriteBolt = () =>
  existsSync('/usr/bin/go') && existsSync('/usr/share/gocode/src/go.etcd.io/bbolt');

/**
 * Writes `<dir>/trivy.db` (and metadata.json) as Trivy lays its database out: a bucket per release
 * (`debian 12`) holding a bucket per source package whose keys are CVE ids, and `vulnerability`.
 */
export function writeTrivyDb(dir: string, buckets: Record<string, unknown>, updatedAt: string): void {
  mkdirSync(dir, { recursive: true });
  const encode = (value: unknown): unknown =>
    value &&
    typeof value === 'object' &&
    !(
      'FixedVersion' in value ||
      'Severity' in value ||
      'Title' in value ||
      'Status' in value ||
      'VulnerableVersions' in value ||
      'PatchedVersions' in value
    )
      ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encode(inner)]))
      : JSON.stringify(value);
  execFileSync('go', ['run', WRITER, join(dir, 'trivy.db')], {
    input: JSON.stringify(encode(buckets)),
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: '/usr/share/gocode',
      GOFLAGS: '',
      HOME: process.env.HOME ?? '/tmp',
    },
    timeout: 180_000,
  });
  writeFileSync(
    join(dir, 'metadata.json'),
    JSON.stringify({ Version: 2, UpdatedAt: updatedAt, NextUpdate: updatedAt }),
  );
}
