import { describe, expect, it } from 'vitest';
import { hashPassword, passwordPolicyViolation, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const { hash, salt } = await hashPassword('Harbor12345');
    expect(hash).not.toContain('Harbor12345');
    expect(await verifyPassword('Harbor12345', hash, salt)).toBe(true);
    expect(await verifyPassword('harbor12345', hash, salt)).toBe(false);
  });

  it('salts every hash differently', async () => {
    const a = await hashPassword('Same-pass1');
    const b = await hashPassword('Same-pass1');
    expect(a.hash).not.toBe(b.hash);
  });
});

describe('Harbor password policy', () => {
  it.each([
    ['short1A', 'characters'],
    ['alllowercase1', 'uppercase'],
    ['ALLUPPERCASE1', 'lowercase'],
    ['NoDigitsHere', 'number'],
  ])('rejects %s', (password, mentions) => {
    expect(passwordPolicyViolation(password)).toContain(mentions);
  });

  it('accepts a compliant password', () => {
    expect(passwordPolicyViolation('Harbor12345')).toBeUndefined();
  });
});
