import { describe, expect, it } from 'vitest';
import { compareApkVersions } from './apk-version.js';

// Ordered pairs from apk-tools' version test data (`a < b`).
const ASCENDING: [string, string][] = [
  ['1.2.3', '1.2.4'],
  ['1.2.3-r0', '1.2.3-r1'],
  ['1.2.3_rc1', '1.2.3'],
  ['1.2.3_alpha', '1.2.3_beta'],
  ['1.2.3_beta2', '1.2.3_rc1'],
  ['1.2.3', '1.2.3_p1'],
  ['1.2.3', '1.2.3a'],
  ['1.2', '1.2.0'],
  ['3.1.4-r5', '3.1.10-r0'],
  ['3.0.8-r0', '3.0.12-r1'],
  ['1.36.1-r15', '1.36.1-r20'],
];

describe('apk version order', () => {
  it.each(ASCENDING)('%s < %s', (a, b) => {
    expect(compareApkVersions(a, b)).toBe(-1);
    expect(compareApkVersions(b, a)).toBe(1);
  });
  it('treats equal versions as equal', () => {
    expect(compareApkVersions('1.2.3-r4', '1.2.3-r4')).toBe(0);
  });
});
