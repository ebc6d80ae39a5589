import { describe, expect, it } from 'vitest';
import { isValidRepositoryName, isValidTag, isValidUploadId } from './grammar.js';

describe('repository names', () => {
  it.each(['a', 'library/ubuntu', 'a.b_c__d--e/f-g', 'x0/y1/z2'])('accepts %s', (name) => {
    expect(isValidRepositoryName(name)).toBe(true);
  });
  it.each(['', 'A', 'a/../b', '..', 'a//b', '/a', 'a/', 'a-', '_a', 'a___b', 'a/.b', 'a%2fb', 'x'.repeat(256)])('refuses %s', (name) => {
    expect(isValidRepositoryName(name)).toBe(false);
  });
});

describe('tags and upload ids', () => {
  it('follows the spec grammar for tags', () => {
    expect(isValidTag('v1.0_rc-1')).toBe(true);
    expect(isValidTag('_x')).toBe(true);
    expect(isValidTag('-x')).toBe(false);
    expect(isValidTag('.x')).toBe(false);
    expect(isValidTag('a/b')).toBe(false);
    expect(isValidTag('t'.repeat(128))).toBe(true);
    expect(isValidTag('t'.repeat(129))).toBe(false);
  });
  it('accepts only lowercase UUIDs as session ids', () => {
    expect(isValidUploadId('0b5c0c6e-6c5e-4d1e-9f7e-1e2d3c4b5a69')).toBe(true);
    expect(isValidUploadId('../../etc')).toBe(false);
  });
});
