import type { MessageKey } from '../../i18n/locales';
import type { Schemas } from '../../lib/api-types';
import type { ImmutableRule, ImmutableRuleBody } from './api';

export const REPOSITORY_DECORATIONS = ['repoMatches', 'repoExcludes'] as const;
export const TAG_DECORATIONS = ['matches', 'excludes'] as const;
export type RepositoryDecoration = (typeof REPOSITORY_DECORATIONS)[number];
export type TagDecoration = (typeof TAG_DECORATIONS)[number];

/** Harbor's portal offers at most this many rules per project (its "n/15"). */
export const MAX_RULES = 15;

/** What the add/edit dialog holds: patterns as typed (comma separated, without Harbor's braces). */
export interface RuleForm {
  repositoryDecoration: RepositoryDecoration;
  repositories: string;
  tagDecoration: TagDecoration;
  tags: string;
}

/** Harbor's new rule: every repository, every tag. */
export const DEFAULT_RULE_FORM: RuleForm = {
  repositoryDecoration: 'repoMatches',
  repositories: '**',
  tagDecoration: 'matches',
  tags: '**',
};

/** The word shown for a decoration ("matching", "excluding"). */
export function decorationKey(decoration: string): MessageKey {
  return decoration === 'repoExcludes' || decoration === 'excludes'
    ? 'immutable.excluding'
    : 'immutable.matching';
}

/** Harbor's input rule: whitespace dropped; several comma separated values become a `{a,b}` pattern. */
export function patternOf(input: string): string {
  const value = input.replace(/\s+/g, '');
  return value.includes(',') && !value.includes('{') && !value.includes('}') ? `{${value}}` : value;
}

/** Harbor's display rule: a `{a,b}` pattern is shown (and edited) as `a,b`. */
export function inputOf(pattern: string): string {
  return /^\{\S+\}$/.test(pattern) ? pattern.slice(1, -1) : pattern;
}

const oneOf = <T extends string>(values: readonly T[], value: string | undefined, fallback: T): T =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

/** The dialog's form for a rule (its first repository and tag selectors, the ones that take part). */
export function formOf(rule: ImmutableRule): RuleForm {
  const repository = rule.scope_selectors.repository[0];
  const tag = rule.tag_selectors[0];
  return {
    repositoryDecoration: oneOf(REPOSITORY_DECORATIONS, repository?.decoration, 'repoMatches'),
    repositories: inputOf(repository?.pattern ?? ''),
    tagDecoration: oneOf(TAG_DECORATIONS, tag?.decoration, 'matches'),
    tags: inputOf(tag?.pattern ?? ''),
  };
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
  const empty = (input: string) => patternOf(input).replace(/[{}]/g, '') === '';
  if (empty(form.repositories) || empty(form.tags)) return 'immutable.pattern_required';
  if (
    form.repositoryDecoration === 'repoExcludes' &&
    patternOf(form.repositories)
      .replace(/[{}]/g, '')
      .split(',')
      .some((part) => part === '**')
  )
    return 'immutable.exclude_all';
  const body = ruleBody(form, editing);
  if (rules.some((rule) => rule.id !== editing?.id && sameSelectors(rule, body)))
    return 'immutable.existing_rule';
  return null;
}

/** An edit that changes nothing has nothing to save (Harbor disables its Save button). */
export function isUnchanged(form: RuleForm, editing: ImmutableRule | undefined): boolean {
  return editing !== undefined && sameSelectors(ruleBody(form, editing), editing);
}
