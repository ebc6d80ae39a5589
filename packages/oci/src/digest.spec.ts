import { describe, expect, it } from 'vitest';
import { DigestError, digestOf, parseDigest, verifyDigest } from './digest.js';

describe('digests', () => {
  it('parses sha256 and sha512', () => {
    const d = digestOf('hello');
    expect(parseDigest(d)).toEqual({ algorithm: 'sha256', hex: d.slice(7), value: d });
    expect(parseDigest(digestOf('hello', 'sha512')).algorithm).toBe('sha512');
  });
  it('marks well-formed but unknown algorithms as unsupported', () => {
    const error = (() => {
      try {
        parseDigest('md5:d41d8cd98f00b204e9800998ecf8427e');
      } catch (e) {
        return e as DigestError;
      }
    })();
    expect(error?.unsupported).toBe(true);
  });
  it.each(['sha256', 'sha256:', 'sha256:abc', `sha256:${'A'.repeat(64)}`, `SHA256:${'a'.repeat(64)}`, `sha256:${'a'.repeat(63)}/`])(
    'refuses %s',
    (text) => expect(() => parseDigest(text)).toThrow(DigestError),
  );
  it('verifies content', () => {
    const data = Buffer.from('content');
    expect(verifyDigest(data, parseDigest(digestOf(data)))).toBe(true);
    expect(verifyDigest(Buffer.from('other'), parseDigest(digestOf(data)))).toBe(false);
  });
});
