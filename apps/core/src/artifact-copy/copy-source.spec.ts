import { describe, expect, it } from 'vitest';
import { parseCopySource } from './copy-source.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseCopySource', () => {
  it('reads project, repository and reference from tag and digest forms', () => {
    expect(parseCopySource('p/app:v1')).toEqual({ project: 'p', repository: 'app', reference: 'v1' });
    expect(parseCopySource(`p/a/b@${DIGEST}`)).toEqual({
      project: 'p',
      repository: 'a/b',
      reference: DIGEST,
    });
    expect(parseCopySource(`p/app:v1@${DIGEST}`)).toEqual({
      project: 'p',
      repository: 'app',
      reference: DIGEST,
    });
  });

  it.each([
    undefined,
    '',
    'p/app',
    'app:v1',
    'P/app:v1',
    'p/app:',
    'p/app:-x',
    `p/app@sha256:abc`,
    'p/../app:v1',
    'p//app:v1',
  ])('refuses %j with 400', (from) => {
    expect(() => parseCopySource(from)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});
