import type { MessageKey } from '../../i18n/locales';
import type { Schemas } from '../../lib/api-types';
import type { ImmutableRule, ImmutableRuleBody } from './api';

import {
  inputOf,
  isExcluding,
  patternOf,
  selectorFormOf,
  selectorProblem,
  type SelectorForm,
} from '../../lib/selector-patterns';

export { inputOf, patternOf };

/** Harbor's portal offers at most this many rules per project (its "n/15"). */
export const MAX_RULES = 15;

/** What the add/edit dialog holds: patterns as typed (comma separated, without Harbor's braces). */
export type RuleForm = SelectorForm;

/** Harbor's new rule: every repository, every tag. */
export const DEFAULT_RULE_FORM: RuleForm = {
  repositoryDecoration: 'repoMatches',
  repositories: '**',
  tagDecoration: 'matches',
  tags: '**',
};

/** The word shown for a decoration ("matching", "excluding"). */
export function decorationKey(decoration: string): MessageKey {
  return isExcluding(decoration) ? 'immutable.excluding' : 'immutable.matching';
}

/** The dialog's form for a rule (its first repository and tag selectors, the ones that take part). */
export function formOf(rule: ImmutableRule): RuleForm {
  return selectorFormOf(rule);
}

/** The rule to send; an edited rule keeps its id, priority and enabled state. */
export function ruleBody(form: RuleForm, editing?: ImmutableRule): ImmutableRuleBody {
  const body = {
    ...(editing ? { id: editing.id } : {}),
    priority: editing?.priority ?? 0,
    disabled: editing?.disabled ?? false,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: form.tagDecoration, pattern: patternOf(form.tags) }],
    scope_selectors: {
      repository: [
        { kind: 'doublestar', decoration: form.repositoryDecoration, pattern: patternOf(form.repositories) },
      ],
    },
  } satisfies Schemas['ImmutableRule'];
  return body;
}

/** The same rule with `disabled` flipped, for Enable / Disable. */
export function toggledRule(rule: ImmutableRule): ImmutableRule {
  return { ...rule, disabled: !rule.disabled };
}

function sameSelectors(a: ImmutableRuleBody, b: ImmutableRuleBody): boolean {
  const [ra, rb] = [a.scope_selectors.repository[0], b.scope_selectors.repository[0]];
  const [ta, tb] = [a.tag_selectors[0], b.tag_selectors[0]];
  return (
    ra?.decoration === rb?.decoration &&
    ra?.pattern === rb?.pattern &&
    ta?.decoration === tb?.decoration &&
    ta?.pattern === tb?.pattern
  );
}

/**
 * Why the form cannot be saved, as Harbor's dialog checks it: both patterns are needed, excluding `**`
 * leaves no repository, and the project may not have the same rule twice. Null when it can be saved.
 */
export function ruleProblem(
  form: RuleForm,
  rules: ImmutableRule[],
  editing?: ImmutableRule,
): MessageKey | null {
  const selectors = selectorProblem(form);
  if (selectors) return `immutable.${selectors}`;
  const body = ruleBody(form, editing);
  if (rules.some((rule) => rule.id !== editing?.id && sameSelectors(rule, body)))
    return 'immutable.existing_rule';
  return null;
}

/** An edit that changes nothing has nothing to save (Harbor disables its Save button). */
export function isUnchanged(form: RuleForm, editing: ImmutableRule | undefined): boolean {
  return editing !== undefined && sameSelectors(ruleBody(form, editing), editing);
}
