import { describe, expect, it } from 'vitest';
import {
  evaluateRetention,
  RetentionPolicyError,
  ruleAppliesTo,
  selectTags,
  type ImmutableRule,
  type RetentionCandidate,
  type RetentionRule,
} from './retention-evaluator.js';

const NOW = Date.UTC(2026, 0, 31);
const DAY = 24 * 60 * 60 * 1000;

function rule(template: string, value?: number, overrides: Partial<RetentionRule> = {}): RetentionRule {
  return {
    action: 'retain',
    template,
    params: value === undefined ? {} : { [template]: value },
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    ...overrides,
  };
}

/** Candidate n pushed n days ago, pulled `pulledDaysAgo` days ago (or never). */
function candidate(
  id: number,
  tags: string[],
  pushedDaysAgo: number,
  pulledDaysAgo?: number,
): RetentionCandidate {
  return {
    id,
    digest: `sha256:${String(id).padStart(64, '0')}`,
    tags,
    pushedTime: NOW - pushedDaysAgo * DAY,
    pulledTime: pulledDaysAgo === undefined ? 0 : NOW - pulledDaysAgo * DAY,
  };
}

function plan(
  rules: RetentionRule[],
  candidates: RetentionCandidate[],
  immutableRules: ImmutableRule[] = [],
) {
  const result = evaluateRetention({ rules, repository: 'team/app', candidates, immutableRules, now: NOW });
  return {
    doomed: result.doomed.map((c) => c.id),
    immutable: [...result.verdicts].filter(([, v]) => v === 'immutable').map(([id]) => id),
  };
}

const FIVE = [1, 2, 3, 4, 5].map((n) => candidate(n, [`v${n}`], 10 - n, n === 1 ? 0 : undefined));

describe('retention evaluator', () => {
  it('latestPushedK keeps the k newest pushes and deletes the rest, oldest first', () => {
    expect(plan([rule('latestPushedK', 3)], FIVE).doomed).toEqual([1, 2]);
  });

  it('latestPulledN, nDaysSinceLastPush, nDaysSinceLastPull and always', () => {
    expect(plan([rule('latestPulledN', 1)], FIVE).doomed).toEqual([2, 3, 4, 5]);
    expect(plan([rule('nDaysSinceLastPush', 7)], FIVE).doomed).toEqual([1, 2]);
    expect(plan([rule('nDaysSinceLastPull', 1)], FIVE).doomed).toEqual([2, 3, 4, 5]);
    expect(plan([rule('always')], FIVE).doomed).toEqual([]);
  });

  it('ORs rules: the union of what each retains stays', () => {
    const rules = [rule('latestPushedK', 1), rule('latestPulledN', 1)];
    expect(plan(rules, FIVE).doomed).toEqual([2, 3, 4]);
  });

  it('tag selectors choose what a rule may retain; the rest is deleted', () => {
    const release = rule('always', undefined, {
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v{4,5}' }],
    });
    expect(plan([release], FIVE).doomed).toEqual([1, 2, 3]);
    const notFour = rule('always', undefined, {
      tag_selectors: [{ kind: 'doublestar', decoration: 'excludes', pattern: 'v4' }],
    });
    expect(plan([notFour], FIVE).doomed).toEqual([4]);
  });

  it('untagged artifacts: selected unless extras say otherwise (`matches` untagged:false, `excludes` untagged:true)', () => {
    const withUntagged = [...FIVE, candidate(6, [], 20)];
    const matchesAll = rule('always');
    expect(plan([matchesAll], withUntagged).doomed).toEqual([]);
    const taggedOnly = rule('always', undefined, {
      tag_selectors: [
        { kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":false}' },
      ],
    });
    expect(plan([taggedOnly], withUntagged).doomed).toEqual([6]);
    const excludes = [{ kind: 'doublestar', decoration: 'excludes', pattern: 'nothing' }];
    expect(selectTags(excludes[0]!, withUntagged).map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const excludesUntagged = { ...excludes[0]!, extras: '{"untagged":true}' };
    expect(selectTags(excludesUntagged, withUntagged).map((c) => c.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('never deletes an artifact holding an immutable tag', () => {
    const immutable: ImmutableRule = {
      disabled: false,
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v1' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    };
    expect(plan([rule('latestPushedK', 3)], FIVE, [immutable])).toEqual({ doomed: [2], immutable: [1] });
  });

  it('applies only the rules whose scope selects the repository; none applicable deletes nothing', () => {
    const other = rule('latestPushedK', 0, {
      scope_selectors: {
        repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'other/**' }],
      },
    });
    expect(ruleAppliesTo(other, 'team/app')).toBe(false);
    expect(plan([other], FIVE).doomed).toEqual([]);
    expect(plan([{ ...rule('latestPushedK', 0), disabled: true }], FIVE).doomed).toEqual([]);
    expect(plan([], FIVE).doomed).toEqual([]);
  });

  it('latestPushedK=0 retains nothing it selects: everything goes', () => {
    expect(plan([rule('latestPushedK', 0)], FIVE).doomed).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses to guess: an unknown template, selector kind or a bad parameter throws instead of retaining nothing', () => {
    expect(() => plan([rule('mostPopular', 1)], FIVE)).toThrow(RetentionPolicyError);
    expect(() =>
      plan(
        [
          rule('always', undefined, {
            tag_selectors: [{ kind: 'label', decoration: 'withLabels', pattern: 'x' }],
          }),
        ],
        FIVE,
      ),
    ).toThrow(RetentionPolicyError);
    expect(() => plan([{ ...rule('latestPushedK'), params: { latestPushedK: 'many' } }], FIVE)).toThrow(
      RetentionPolicyError,
    );
  });

  it('evaluates 10,000 tags in one repository', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => candidate(i + 1, [`build-${i + 1}`], 10_000 - i));
    const rules = [
      rule('latestPushedK', 100, {
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'build-*' }],
      }),
      rule('nDaysSinceLastPush', 30),
    ];
    const result = evaluateRetention({
      rules,
      repository: 'team/app',
      candidates: many,
      immutableRules: [],
      now: NOW,
    });
    expect(result.doomed).toHaveLength(10_000 - 100);
    expect(result.doomed[0]!.id).toBe(1);
    expect(result.doomed.at(-1)!.id).toBe(9_900);
  });
});
