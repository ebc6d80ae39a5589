import { describe, expect, it } from 'vitest';
import {
  doublestarMatch,
  isImmutable,
  repositoryInProject,
  ruleMatches,
  type MatchableRule,
} from './immutable-rules.js';

const rule = (
  repo: string,
  tag: string,
  decorations: { repo?: string; tag?: string } = {},
  disabled = false,
): MatchableRule => ({
  disabled,
  tag_selectors: [{ kind: 'doublestar', decoration: decorations.tag ?? 'matches', pattern: tag }],
  scope_selectors: {
    repository: [{ kind: 'doublestar', decoration: decorations.repo ?? 'repoMatches', pattern: repo }],
  },
});

describe('doublestar matching', () => {
  it('stops * and ? at a slash, lets ** cross it', () => {
    expect(doublestarMatch('*', 'app')).toBe(true);
    expect(doublestarMatch('*', 'team/app')).toBe(false);
    expect(doublestarMatch('**', 'team/app')).toBe(true);
    expect(doublestarMatch('team/**', 'team/a/b')).toBe(true);
    expect(doublestarMatch('team/*', 'team/a/b')).toBe(false);
    expect(doublestarMatch('v?', 'v1')).toBe(true);
    expect(doublestarMatch('v?', 'v10')).toBe(false);
  });

  it('knows braces, classes, and dots as ordinary characters', () => {
    expect(doublestarMatch('{latest,stable}', 'stable')).toBe(true);
    expect(doublestarMatch('{latest,stable}', 'dev')).toBe(false);
    expect(doublestarMatch('v[0-9].*', 'v1.2')).toBe(true);
    expect(doublestarMatch('v[0-9].*', 'vx.2')).toBe(false);
    expect(doublestarMatch('*', '.hidden')).toBe(true);
    expect(doublestarMatch('1.0', '1x0')).toBe(false);
  });

  it('matches the whole value, and everything for an empty pattern', () => {
    expect(doublestarMatch('v1', 'v1.0')).toBe(false);
    expect(doublestarMatch('', 'anything/at/all')).toBe(true);
  });

  it('takes no negation or extglob syntax', () => {
    expect(doublestarMatch('!v1', 'v2')).toBe(false);
    expect(doublestarMatch('!v1', '!v1')).toBe(true);
  });
});

describe('immutable rule matching', () => {
  it('matches repository names without their project', () => {
    expect(repositoryInProject('lib/team/app')).toBe('team/app');
    expect(repositoryInProject('app')).toBe('app');
    expect(ruleMatches(rule('team/**', 'v*'), { repository: 'team/app', tags: ['v1'] })).toBe(true);
    expect(ruleMatches(rule('team/**', 'v*'), { repository: 'other/app', tags: ['v1'] })).toBe(false);
  });

  it('honours the excludes decorations', () => {
    const notDev = rule('**', 'dev*', { tag: 'excludes' });
    expect(ruleMatches(notDev, { repository: 'app', tags: ['1.0'] })).toBe(true);
    expect(ruleMatches(notDev, { repository: 'app', tags: ['dev-1'] })).toBe(false);
    // Harbor: `excludes` selects an artifact when any of its tags escapes the pattern.
    expect(ruleMatches(notDev, { repository: 'app', tags: ['dev-1', '1.0'] })).toBe(true);
    const notScratch = rule('scratch/**', '**', { repo: 'repoExcludes' });
    expect(ruleMatches(notScratch, { repository: 'app', tags: ['x'] })).toBe(true);
    expect(ruleMatches(notScratch, { repository: 'scratch/app', tags: ['x'] })).toBe(false);
  });

  it('never selects an untagged artifact, with matches or excludes', () => {
    expect(ruleMatches(rule('**', '**'), { repository: 'app', tags: [] })).toBe(false);
    expect(ruleMatches(rule('**', 'x', { tag: 'excludes' }), { repository: 'app', tags: [] })).toBe(false);
  });

  it('ignores disabled rules and ORs the others', () => {
    const candidate = { repository: 'app', tags: ['prod'] };
    expect(isImmutable([rule('**', 'prod', {}, true)], candidate)).toBe(false);
    expect(isImmutable([rule('**', 'dev'), rule('app', 'prod')], candidate)).toBe(true);
    expect(isImmutable([], candidate)).toBe(false);
  });

  it('uses only the first selector of each kind, and only known decorations', () => {
    const twoTags: MatchableRule = {
      ...rule('**', 'a'),
      tag_selectors: [
        { kind: 'doublestar', decoration: 'matches', pattern: 'a' },
        { kind: 'doublestar', decoration: 'matches', pattern: 'b' },
      ],
    };
    expect(ruleMatches(twoTags, { repository: 'app', tags: ['b'] })).toBe(false);
    expect(ruleMatches(rule('**', '**', { repo: 'nsMatches' }), { repository: 'app', tags: ['x'] })).toBe(
      false,
    );
    expect(ruleMatches({ ...rule('**', '**'), scope_selectors: {} }, { repository: 'a', tags: ['x'] })).toBe(
      false,
    );
  });
});
