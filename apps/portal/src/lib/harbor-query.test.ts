import { describe, expect, it } from 'vitest';
import { fuzzyQuery } from './harbor-query';

describe('fuzzyQuery', () => {
  it('encodes the value so Harbor’s second decode of q gives back what was typed', () => {
    const q = fuzzyQuery('name', 'a+b c%d~');
    expect(q).toBe('name=~a%2Bb%20c%25d~');
    // The request encodes q once (URLSearchParams); Harbor decodes the query string, then q again.
    const received = new URLSearchParams(new URLSearchParams({ q }).toString()).get('q') ?? '';
    expect(decodeURIComponent(received)).toBe('name=~a+b c%d~');
  });
});
