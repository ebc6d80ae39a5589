import { describe, expect, it } from 'vitest';
import { immutableRuleSchema, storedRuleJson, toRuleView } from './immutable-rule.dto.js';

describe('immutable rule body', () => {
  const body = {
    tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  };

  it('fills Harbor defaults and stores a canonical text', () => {
    const parsed = immutableRuleSchema.parse({ ...body, params: {}, id: 3 });
    expect(parsed).toMatchObject({ priority: 0, disabled: false, action: 'immutable' });
    const reordered = immutableRuleSchema.parse({
      scope_selectors: body.scope_selectors,
      tag_selectors: [{ pattern: '**', decoration: 'matches', kind: 'doublestar', extras: '{}' }],
      template: 'immutable_template',
    });
    expect(storedRuleJson(reordered)).toBe(storedRuleJson(parsed));
    expect(toRuleView({ id: 3, disabled: true, tag_filter: storedRuleJson(parsed) })).toEqual({
      id: 3,
      priority: 0,
      disabled: true,
      action: 'immutable',
      template: 'immutable_template',
      ...body,
    });
  });

  it('refuses other kinds, decorations and missing selectors', () => {
    const bad = (patch: object) => immutableRuleSchema.safeParse({ ...body, ...patch }).success;
    expect(bad({})).toBe(true);
    expect(bad({ tag_selectors: [] })).toBe(false);
    expect(bad({ tag_selectors: [{ kind: 'label', decoration: 'matches', pattern: 'x' }] })).toBe(false);
    expect(bad({ tag_selectors: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: 'x' }] })).toBe(
      false,
    );
    expect(bad({ scope_selectors: {} })).toBe(false);
    expect(bad({ action: 'retain' })).toBe(false);
  });
});
