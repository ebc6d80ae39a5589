import { describe, expect, it } from 'vitest';
import type { ImmutableRule } from './api';
import {
  DEFAULT_RULE_FORM,
  decorationKey,
  formOf,
  inputOf,
  isUnchanged,
  patternOf,
  ruleBody,
  ruleProblem,
  toggledRule,
} from './rules';

const rule = (id: number, repositories: string, tags: string, disabled = false): ImmutableRule => ({
  id,
  priority: 0,
  disabled,
  action: 'immutable',
  template: 'immutable_template',
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: tags }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: repositories }] },
});

describe('immutable rule patterns', () => {
  it("turns comma separated input into Harbor's {a,b} pattern and back, without whitespace", () => {
    expect(patternOf(' v1, v2 ')).toBe('{v1,v2}');
    expect(patternOf('v*')).toBe('v*');
    expect(patternOf('{a,b}')).toBe('{a,b}');
    expect(inputOf('{v1,v2}')).toBe('v1,v2');
    expect(inputOf('team/**')).toBe('team/**');
  });

  it('names decorations as matching or excluding', () => {
    expect(decorationKey('repoMatches')).toBe('immutable.matching');
    expect(decorationKey('matches')).toBe('immutable.matching');
    expect(decorationKey('repoExcludes')).toBe('immutable.excluding');
    expect(decorationKey('excludes')).toBe('immutable.excluding');
  });
});

describe('immutable rule form', () => {
  it("starts with Harbor's defaults, all repositories and all tags", () => {
    expect(ruleBody(DEFAULT_RULE_FORM)).toEqual({
      priority: 0,
      disabled: false,
      action: 'immutable',
      template: 'immutable_template',
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    });
  });

  it('edits keep the id, priority and enabled state, and read back what was stored', () => {
    const stored = { ...rule(4, '{app,web}', 'v*', true), priority: 3 };
    const form = formOf(stored);
    expect(form).toEqual({
      repositoryDecoration: 'repoMatches',
      repositories: 'app,web',
      tagDecoration: 'matches',
      tags: 'v*',
    });
    expect(isUnchanged(form, stored)).toBe(true);
    const edited = ruleBody({ ...form, tagDecoration: 'excludes', tags: 'dev*' }, stored);
    expect(edited).toMatchObject({ id: 4, priority: 3, disabled: true });
    expect(edited.tag_selectors).toEqual([{ kind: 'doublestar', decoration: 'excludes', pattern: 'dev*' }]);
    expect(isUnchanged({ ...form, tags: 'dev*' }, stored)).toBe(false);
    expect(isUnchanged(form, undefined)).toBe(false);
  });

  it('flips only disabled for Enable / Disable', () => {
    expect(toggledRule(rule(1, '**', 'v*'))).toEqual(rule(1, '**', 'v*', true));
    expect(toggledRule(rule(1, '**', 'v*', true)).disabled).toBe(false);
  });

  it("refuses what Harbor's dialog refuses", () => {
    const rules = [rule(1, '**', 'v*'), rule(2, 'app', '{a,b}')];
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, tags: ' ' }, rules)).toBe('immutable.pattern_required');
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, repositories: '{}' }, rules)).toBe(
      'immutable.pattern_required',
    );
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, repositoryDecoration: 'repoExcludes' }, rules)).toBe(
      'immutable.exclude_all',
    );
    expect(
      ruleProblem(
        { ...DEFAULT_RULE_FORM, repositoryDecoration: 'repoExcludes', repositories: 'tmp,**' },
        rules,
      ),
    ).toBe('immutable.exclude_all');
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, tags: 'v*' }, rules)).toBe('immutable.existing_rule');
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, repositories: 'app', tags: 'a, b' }, rules)).toBe(
      'immutable.existing_rule',
    );
    // The rule being edited is not a duplicate of itself.
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, tags: 'v*' }, rules, rules[0])).toBeNull();
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, tags: 'rc*' }, rules)).toBeNull();
  });
});
