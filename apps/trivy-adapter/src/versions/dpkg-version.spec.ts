import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareDpkgVersions } from './dpkg-version.js';

const VERSIONS = [
  '1.0',
  '1.0-1',
  '1.0-2',
  '1.0~rc1',
  '1.0~rc1-1',
  '1.0+b1',
  '1.0a',
  '1.0.1',
  '1:0.9',
  '2:0.1',
  '0:1.0',
  '3.0.11-1~deb12u2',
  '3.0.13-1~deb12u1',
  '3.0.13-1',
  '1.2.13.dfsg-1',
  '1:1.2.13.dfsg-1',
  '2.36-9+deb12u4',
  '2.36-9+deb12u10',
  '1.0~~',
  '1.0~',
  '1.0~a',
  '10',
  '9',
  '1.00',
  '1.0-0',
  '1.0-a',
  '1.0-1ubuntu1',
  '7.88.1-10+deb12u5',
];

/** Debian's own comparator, the reference the implementation is held to. */
function dpkgSays(a: string, b: string): number {
  const run = (op: string) => {
    try {
      execFileSync('dpkg', ['--compare-versions', a, op, b]);
      return true;
    } catch {
      return false;
    }
  };
  if (run('lt')) return -1;
  return run('eq') ? 0 : 1;
}

describe('dpkg version order', () => {
  it.runIf(existsSync('/usr/bin/dpkg'))('agrees with dpkg --compare-versions on every pair', () => {
    const disagreements: string[] = [];
    for (const a of VERSIONS)
      for (const b of VERSIONS) {
        const expected = dpkgSays(a, b);
        if (compareDpkgVersions(a, b) !== expected) disagreements.push(`${a} vs ${b}: dpkg says ${expected}`);
      }
    expect(disagreements).toEqual([]);
  });

  it('orders tilde before the end, epochs first', () => {
    expect(compareDpkgVersions('1.0~rc1', '1.0')).toBe(-1);
    expect(compareDpkgVersions('1:0.1', '9.9')).toBe(1);
    expect(compareDpkgVersions('3.0.11-1~deb12u2', '3.0.13-1~deb12u1')).toBe(-1);
  });
});
