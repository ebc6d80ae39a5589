import { describe, expect, it } from 'vitest';
import { harborYmlSchema } from './harbor-yml.schema.js';
import { closestKey, editDistance, knownKeysAt } from './key-suggestion.js';

describe('key suggestions', () => {
  it('counts edits', () => {
    expect(editDistance('hostname', 'hostnme')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('finds the keys of nested, optional and defaulted blocks', () => {
    expect(knownKeysAt(harborYmlSchema, [])).toContain('external_redis');
    expect(knownKeysAt(harborYmlSchema, ['external_redis', 'tlsOptions'])).toEqual(['enable', 'rootCA']);
    expect(knownKeysAt(harborYmlSchema, ['log', 'local'])).toContain('rotate_size');
    expect(knownKeysAt(harborYmlSchema, ['hostname'])).toEqual([]);
  });

  it('suggests only a close key', () => {
    const keys = knownKeysAt(harborYmlSchema, ['trivy']);
    expect(closestKey('java_db_repo', keys)).toBe('java_db_repository');
    expect(closestKey('ignore_unfixd', keys)).toBe('ignore_unfixed');
    expect(closestKey('Insecure', keys)).toBe('insecure');
    expect(closestKey('colour', keys)).toBeUndefined();
  });
});
