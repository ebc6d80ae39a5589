import { describe, expect, it } from 'vitest';
import { artifactUrl, parseRepositorySplat } from './route';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('parseRepositorySplat', () => {
  it('reads a repository, nested or not', () => {
    expect(parseRepositorySplat('nginx')).toEqual({ repository: 'nginx' });
    expect(parseRepositorySplat('team/tools/cli')).toEqual({ repository: 'team/tools/cli' });
  });

  it('reads an artifact by digest below its repository', () => {
    expect(parseRepositorySplat(`team/cli/artifacts/${DIGEST}`)).toEqual({
      repository: 'team/cli',
      digest: DIGEST,
    });
  });

  it('keeps a repository whose path contains an "artifacts" component', () => {
    expect(parseRepositorySplat('a/artifacts/b')).toEqual({ repository: 'a/artifacts/b' });
  });

  it('round-trips artifactUrl', () => {
    const url = artifactUrl(3, 'team/cli', DIGEST);
    expect(parseRepositorySplat(url.replace('/harbor/projects/3/repositories/', ''))).toEqual({
      repository: 'team/cli',
      digest: DIGEST,
    });
  });
});
