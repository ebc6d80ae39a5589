import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, shortDigest } from './format';

describe('formatting', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(758)).toBe('758 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GiB');
    expect(formatBytes(undefined)).toBe('—');
  });

  it('shortens digests to 12 hex digits', () => {
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('sha256:abababababab');
  });

  it('treats Go zero times as missing', () => {
    expect(formatDateTime('0001-01-01T00:00:00Z', 'en-US')).toBe('—');
    expect(formatDateTime('2024-05-01T10:00:00Z', 'en-US')).toMatch(/2024/);
  });
});
