import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseScope } from './registry-token.js';
import { libtrustKeyId } from './token-keys.js';

describe('parseScope', () => {
  it('splits type, name and actions, keeping colons of the name', () => {
    expect(parseScope('repository:p/r:pull,push')).toEqual({
      type: 'repository',
      name: 'p/r',
      actions: ['pull', 'push'],
    });
    expect(parseScope('repository:host:5000/p/r:pull')).toEqual({
      type: 'repository',
      name: 'host:5000/p/r',
      actions: ['pull'],
    });
    expect(parseScope('registry:catalog:*')).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
    expect(parseScope('nonsense')).toBeUndefined();
  });
});

describe('libtrustKeyId', () => {
  it('is twelve colon-separated base32 groups, stable for a key', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const id = libtrustKeyId(publicKey);
    expect(id).toMatch(/^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
    expect(libtrustKeyId(publicKey)).toBe(id);
  });
});
