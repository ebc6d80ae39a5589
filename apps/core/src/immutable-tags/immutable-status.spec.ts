import { describe, expect, it } from 'vitest';
import { rulesOfColumn, tagImmutability } from './immutable-status.js';

const stored = (repository: string, tag: string) =>
  JSON.stringify({
    priority: 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: tag }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repository }] },
  });

describe('immutable status of listed tags', () => {
  it('reads the rules column (null when the project has none)', () => {
    expect(rulesOfColumn(null)).toEqual([]);
    expect(rulesOfColumn([stored('**', 'v*')])).toMatchObject([
      { disabled: false, tag_selectors: [{ pattern: 'v*' }] },
    ]);
  });

  it('matches each tag on its own, the repository without its project', () => {
    const immutable = tagImmutability(
      rulesOfColumn([stored('team/*', 'v*'), stored('**', 'prod')]),
      'lib/team/app',
    );
    expect(immutable('v1')).toBe(true);
    expect(immutable('prod')).toBe(true);
    expect(immutable('dev')).toBe(false);
    expect(tagImmutability(rulesOfColumn([stored('team/*', 'v*')]), 'lib/other')('v1')).toBe(false);
    expect(tagImmutability([], 'lib/team/app')('v1')).toBe(false);
  });
});
