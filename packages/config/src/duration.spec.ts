import { describe, expect, it } from 'vitest';
import { isDuration, parseDurationMs } from './duration.js';

describe('durations', () => {
  it.each([
    ['168h', 168 * 3_600_000],
    ['5m0s', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
  ])('parses %s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('rejects what is not a duration', () => {
    expect(isDuration('5 minutes')).toBe(false);
    expect(() => parseDurationMs('10')).toThrow('invalid duration');
  });
});
