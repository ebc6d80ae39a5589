import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('0123456789abcdef');

  it('opens what it sealed, and never stores the plain text', () => {
    const sealed = box.seal('p@ssw0rd');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('p@ssw0rd');
    expect(box.open(sealed)).toBe('p@ssw0rd');
  });

  it('seals the same value differently each time', () => {
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('refuses a value sealed under another key or tampered with', () => {
    const sealed = box.seal('secret');
    expect(() => new SecretBox('fedcba9876543210').open(sealed)).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`)).toThrow();
    expect(() => box.open('plain')).toThrow('not a sealed secret');
  });
});
