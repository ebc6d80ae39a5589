import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareRpmVersions } from './rpm-version.js';

/** Pairs that exercise every rule of rpmvercmp: numbers, letters, separators, `~`, `^`, epochs. */
const PAIRS: [string, string][] = [
  ['1.0', '1.0'],
  ['1.0', '2.0'],
  ['2.0.1', '2.0'],
  ['2.0.1a', '2.0.1'],
  ['5.5p1', '5.5p2'],
  ['5.5p10', '5.5p1'],
  ['10xyz', '10.1xyz'],
  ['xyz10', 'xyz10.1'],
  ['1.0aa', '1.0a'],
  ['10.0001', '10.1'],
  ['10.0001', '10.0039'],
  ['4.999.9', '5.0'],
  ['20101121', '20101122'],
  ['2_0', '2.0'],
  ['a', 'b'],
  ['1.0a', '1.0.1'],
  ['a+', 'a_'],
  ['+', '_'],
  ['1.0~rc1', '1.0'],
  ['1.0~rc1', '1.0~rc2'],
  ['1.0~rc1~git123', '1.0~rc1'],
  ['1.0^', '1.0'],
  ['1.0^git1', '1.0'],
  ['1.0^git1', '1.0.1'],
  ['1.0^git1~pre', '1.0^git1'],
  ['1.0^20160101', '1.0^20160102'],
  ['1.0~rc1^git1', '1.0~rc1'],
  ['1:1.0', '2.0'],
  ['0:1.0', '1.0'],
  ['1.0-1', '1.0-2'],
  ['1.0-1.el9', '1.0-1.el9_2'],
  ['3.0.7-24.el9', '3.0.7-27.el9'],
  ['1:3.0.7-24.el9', '3.0.7-27.el9'],
  ['2.34-60.el9', '2.34-100.el9'],
  ['1.0', '1.0-1'],
  ['1.2.3-4.fc38', '1.2.3-4.fc38.1'],
  ['9.0.2-1.el9_0.3', '9.0.2-1.el9_0.10'],
];

/** rpm's own answer (`rpm.vercmp` of rpm's Lua interpreter), one line per pair. */
function rpmAnswers(pairs: [string, string][]): number[] {
  const script = pairs.map(([a, b]) => `print(rpm.vercmp("${a}", "${b}") .. "\\n")`).join('; ');
  return execFileSync('rpm', ['--eval', `%{lua: ${script}}`], { encoding: 'utf8' })
    .trim()
    .split(/\s+/)
    .map(Number);
}

describe('rpm version order', () => {
  it.skipIf(!existsSync('/usr/bin/rpm') && !process.env.CI)('agrees with rpm itself', () => {
    const expected = rpmAnswers(PAIRS);
    expect(expected).toHaveLength(PAIRS.length);
    const actual = PAIRS.map(([a, b]) => compareRpmVersions(a, b));
    expect(PAIRS.map((pair, i) => [...pair, actual[i]])).toEqual(
      PAIRS.map((pair, i) => [...pair, expected[i]]),
    );
    // And the order is antisymmetric, as rpm's is.
    expect(PAIRS.map(([a, b]) => -compareRpmVersions(b, a) || 0)).toEqual(expected.map((n) => n || 0));
  });

  it('orders the versions advisories name', () => {
    expect(compareRpmVersions('1:1.1.1k-7.el8_6', '1:1.1.1k-9.el8_7')).toBe(-1);
    expect(compareRpmVersions('2.28-225.el8', '2.28-211.el8')).toBe(1);
    expect(compareRpmVersions('1.0~beta', '1.0')).toBe(-1);
  });
});
