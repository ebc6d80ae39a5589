import { describe, expect, it } from 'vitest';
import { CredentialCache } from './credential-cache.js';

/** A cache over a fake scrypt that accepts `password == hash` and counts how often it ran. */
function cacheWithCountingVerifier(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000_000;
  const calls: string[] = [];
  const cache = new CredentialCache({
    ...options,
    now: () => now,
    verify: (password, hash) => {
      calls.push(password);
      return Promise.resolve(password === hash);
    },
  });
  return { cache, calls, advance: (ms: number) => (now += ms) };
}

const alice = { account: 'user:7', hash: 'Secret123', salt: 's1' };

describe('CredentialCache', () => {
  it('verifies once, then answers from memory within the TTL', async () => {
    const { cache, calls } = cacheWithCountingVerifier();
    expect(await cache.matches('Secret123', alice)).toBe(true);
    expect(await cache.matches('Secret123', alice)).toBe(true);
    expect(await cache.matches('Secret123', alice)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('never caches a failure, and a wrong password never matches a cached right one', async () => {
    const { cache, calls } = cacheWithCountingVerifier();
    expect(await cache.matches('Secret123', alice)).toBe(true);
    expect(await cache.matches('Wrong1234', alice)).toBe(false);
    expect(await cache.matches('Wrong1234', alice)).toBe(false);
    expect(calls).toEqual(['Secret123', 'Wrong1234', 'Wrong1234']);
  });

  it('verifies again once the stored hash changed (password changed), and the old password fails', async () => {
    const { cache, calls } = cacheWithCountingVerifier();
    expect(await cache.matches('Secret123', alice)).toBe(true);
    const changed = { ...alice, hash: 'Newpass12', salt: 's2' };
    expect(await cache.matches('Secret123', changed)).toBe(false);
    expect(await cache.matches('Newpass12', changed)).toBe(true);
    expect(calls).toEqual(['Secret123', 'Secret123', 'Newpass12']);
  });

  it('keeps accounts apart: the same password and hash of another account is verified on its own', async () => {
    const { cache, calls } = cacheWithCountingVerifier();
    await cache.matches('Secret123', alice);
    await cache.matches('Secret123', { ...alice, account: 'robot:7' });
    expect(calls).toHaveLength(2);
  });

  it('verifies again after the TTL', async () => {
    const { cache, calls, advance } = cacheWithCountingVerifier({ ttlMs: 30_000 });
    await cache.matches('Secret123', alice);
    advance(29_999);
    await cache.matches('Secret123', alice);
    advance(1);
    await cache.matches('Secret123', alice);
    expect(calls).toHaveLength(2);
  });

  it('stays within its bound, dropping the least recently used entry', async () => {
    const { cache, calls } = cacheWithCountingVerifier({ maxEntries: 2 });
    const account = (n: number) => ({ account: `user:${n}`, hash: 'Secret123', salt: 's' });
    await cache.matches('Secret123', account(1));
    await cache.matches('Secret123', account(2));
    await cache.matches('Secret123', account(1)); // 1 is now the most recently used
    await cache.matches('Secret123', account(3)); // evicts 2
    expect(cache.size).toBe(2);
    expect(calls).toHaveLength(3);
    await cache.matches('Secret123', account(1));
    expect(calls).toHaveLength(3);
    await cache.matches('Secret123', account(2));
    expect(calls).toHaveLength(4);
  });

  it('remembers what a directory answered until it refuses the account', async () => {
    const { cache } = cacheWithCountingVerifier();
    let binds = 0;
    const directory = (answer: string | undefined) => () => {
      binds++;
      return Promise.resolve(answer);
    };
    expect(await cache.remembered('ldap:alice', 'pw', directory('alice'))).toBe('alice');
    expect(await cache.remembered('ldap:alice', 'pw', directory(undefined))).toBe('alice');
    expect(binds).toBe(1);
    // another password is asked again and refused; the caller then drops the account
    expect(await cache.remembered('ldap:alice', 'other', directory(undefined))).toBeUndefined();
    cache.forget('ldap:alice');
    expect(await cache.remembered('ldap:alice', 'pw', directory(undefined))).toBeUndefined();
    expect(binds).toBe(3);
  });
});
