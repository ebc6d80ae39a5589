import { describe, expect, it } from 'vitest';
import {
  destinationRepository,
  repositorySelected,
  selectArtifacts,
  type SourceArtifact,
} from './replication-filters.js';

const artifact = (digest: string, tags: string[], labels: string[] = []): SourceArtifact => ({
  digest,
  tags,
  labels,
  type: 'IMAGE',
});

describe('replication filters', () => {
  it('selects repositories by doublestar name, matches or excludes', () => {
    const matches = [{ type: 'name', value: 'library/**', decoration: 'matches' }];
    expect(repositorySelected(matches, 'library/a/b')).toBe(true);
    expect(repositorySelected(matches, 'other/a')).toBe(false);
    expect(
      repositorySelected([{ type: 'name', value: 'library/*', decoration: 'excludes' }], 'library/a'),
    ).toBe(false);
    expect(repositorySelected([], 'anything')).toBe(true);
  });

  it('keeps only the tags a tag filter selects, and untagged artifacts as the empty tag', () => {
    const all = [artifact('a', ['v1', 'dev']), artifact('b', ['dev']), artifact('c', [])];
    expect(selectArtifacts([{ type: 'tag', value: 'v*', decoration: 'matches' }], all)).toEqual([
      artifact('a', ['v1']),
    ]);
    expect(selectArtifacts([{ type: 'tag', value: 'v*', decoration: 'excludes' }], all)).toEqual([
      artifact('a', ['dev']),
      artifact('b', ['dev']),
      artifact('c', []),
    ]);
  });

  it('needs every label of a label filter', () => {
    const all = [artifact('a', ['1'], ['prod', 'eu']), artifact('b', ['1'], ['prod'])];
    expect(selectArtifacts([{ type: 'label', value: ['prod', 'eu'] }], all).map((a) => a.digest)).toEqual([
      'a',
    ]);
    expect(
      selectArtifacts([{ type: 'label', value: ['prod', 'eu'], decoration: 'excludes' }], all).map(
        (a) => a.digest,
      ),
    ).toEqual(['b']);
  });
});

describe("Harbor's destination namespace rules", () => {
  it.each([
    [-1, 'n/image'],
    [0, 'n/a/b/c/image'],
    [1, 'n/b/c/image'],
    [3, 'n/image'],
  ])('a/b/c/image with n and %i → %s', (count, expected) => {
    expect(destinationRepository('a/b/c/image', 'n', count, 'any')).toBe(expected);
  });

  it('refuses what the destination cannot hold', () => {
    expect(() => destinationRepository('a/b/c/image', 'n', 4, 'any')).toThrow(/flattening level is 4/);
    expect(() => destinationRepository('alpine', '', -1, 'atLeastTwo')).toThrow(/requires at least 2/);
    expect(destinationRepository('alpine', '', -1, 'any')).toBe('alpine');
  });
});
