import type { Translate } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/locales';
import { cronOf, scheduleOf, scheduleValid, type ScheduleValue } from '../../lib/schedule';
import type { RetentionMetadata, RetentionPolicy, RetentionRule, RetentionSelector } from './api';
import {
  inputOf,
  isExcluding,
  patternOf,
  selectorFormOf,
  selectorProblem,
  type SelectorForm,
} from '../../lib/selector-patterns';

export { inputOf, patternOf };
export { cronOf, scheduleOf, scheduleValid, type ScheduleValue };

/** Harbor allows at most this many rules in a policy (its "n/15"). */
export const MAX_RULES = 15;

/** The templates core offers when its metadata has not arrived (Harbor's `GET /retentions/metadatas`). */
export const DEFAULT_TEMPLATES = [
  'latestPushedK',
  'latestPulledN',
  'nDaysSinceLastPush',
  'nDaysSinceLastPull',
  'always',
];

/** Each template's parameter unit and core's upper bound for it (Harbor's rule index). */
const TEMPLATE_PARAMS: Record<string, { unit: 'COUNT' | 'DAYS'; max: number } | undefined> = {
  latestPushedK: { unit: 'COUNT', max: 32766 },
  latestPulledN: { unit: 'COUNT', max: 32766 },
  latestActiveK: { unit: 'COUNT', max: 32766 },
  nDaysSinceLastPush: { unit: 'DAYS', max: 20190904 },
  nDaysSinceLastPull: { unit: 'DAYS', max: 20190904 },
  lastXDays: { unit: 'DAYS', max: 20190904 },
  always: undefined,
};

/** The rule text for each template, `{{count}}` being its parameter ("the most recently pushed 10 artifacts"). */
const TEMPLATE_KEYS: Record<string, MessageKey> = {
  latestPushedK: 'retention.template_latest_pushed',
  latestPulledN: 'retention.template_latest_pulled',
  latestActiveK: 'retention.template_latest_active',
  nDaysSinceLastPush: 'retention.template_pushed_within',
  nDaysSinceLastPull: 'retention.template_pulled_within',
  lastXDays: 'retention.template_last_days',
  always: 'retention.template_always',
};

/** The dialog's choice for each template, `#` standing for its parameter ("retain the most recently pushed # artifacts"). */
const OPTION_KEYS: Record<string, MessageKey> = {
  latestPushedK: 'retention.option_latest_pushed',
  latestPulledN: 'retention.option_latest_pulled',
  latestActiveK: 'retention.option_latest_active',
  nDaysSinceLastPush: 'retention.option_pushed_within',
  nDaysSinceLastPull: 'retention.option_pulled_within',
  lastXDays: 'retention.option_last_days',
  always: 'retention.option_always',
};

/** The parameter a template needs, if any: from core's metadata, else from Harbor's known templates. */
export function templateParam(
  template: string,
  metadata?: RetentionMetadata,
): { unit: string; max?: number } | undefined {
  const known = TEMPLATE_PARAMS[template];
  const meta = metadata?.templates?.find((item) => item.rule_template === template);
  if (meta) {
    const unit = meta.params?.[0]?.unit;
    return unit ? { unit, max: known?.max } : undefined;
  }
  return known;
}

export const unitKey = (unit: string): MessageKey =>
  unit === 'DAYS' ? 'retention.unit_days' : 'retention.unit_count';

/** The dialog's label for a template; an unknown one shows core's display text. */
export function templateOption(template: string, t: Translate, displayText?: string): string {
  const key = OPTION_KEYS[template];
  return key ? t(key) : `${t('retention.retain')} ${displayText ?? template}`;
}

/** The word shown for a decoration ("matching", "excluding"). */
export function decorationKey(decoration: string): MessageKey {
  return isExcluding(decoration) ? 'retention.excluding' : 'retention.matching';
}

/**
 * Whether a tag selector also takes untagged artifacts: its `extras` say so; without them Harbor's portal
 * reads `matches` as yes and `excludes` as no.
 */
export function untaggedOf(selector: RetentionSelector | undefined): boolean {
  if (!selector) return false;
  try {
    const extras = selector.extras ? (JSON.parse(selector.extras) as { untagged?: unknown }) : {};
    if (typeof extras.untagged === 'boolean') return extras.untagged;
  } catch {
    // Not JSON: fall back to Harbor's default below.
  }
  return selector.decoration === 'matches';
}

/**
 * Harbor's rule line: "For the repositories matching **, retain the most recently pushed 10 artifacts with
 * tags matching ** including untagged artifacts".
 */
export function describeRule(rule: RetentionRule, t: Translate): string {
  const repository = rule.scope_selectors.repository[0];
  const tag = rule.tag_selectors[0];
  const selector = (s: RetentionSelector | undefined) =>
    s ? `${t(decorationKey(s.decoration))} ${inputOf(s.pattern)}` : '—';
  const key = TEMPLATE_KEYS[rule.template];
  const count = rule.params?.[rule.template] ?? '';
  const template = key ? t(key, { count }) : rule.template;
  const untagged = untaggedOf(tag)
    ? t(tag?.decoration === 'excludes' ? 'retention.untagged_excluded' : 'retention.untagged_included')
    : '';
  return t('retention.rule_text', {
    repositories: selector(repository),
    template,
    tags: selector(tag),
    untagged,
  });
}

/** What the add/edit dialog holds: patterns as typed (comma separated, without Harbor's braces). */
export interface RuleForm extends SelectorForm {
  template: string;
  /** The template's parameter as typed. */
  param: string;
  untagged: boolean;
}

/** Harbor's new rule: every repository, every tag, untagged artifacts included. */
export const DEFAULT_RULE_FORM: RuleForm = {
  template: 'latestPushedK',
  param: '',
  repositoryDecoration: 'repoMatches',
  repositories: '**',
  tagDecoration: 'matches',
  tags: '**',
  untagged: true,
};

/** The dialog's form for a rule (its first repository and tag selectors, the ones that take part). */
export function formOf(rule: RetentionRule): RuleForm {
  const param = rule.params?.[rule.template];
  return {
    ...selectorFormOf(rule),
    template: rule.template,
    param: param === undefined ? '' : String(param),
    untagged: untaggedOf(rule.tag_selectors[0]),
  };
}

/** The rule to send; an edited rule keeps its id, priority and enabled state. */
export function ruleBody(
  form: RuleForm,
  metadata?: RetentionMetadata,
  editing?: RetentionRule,
): RetentionRule {
  const param = templateParam(form.template, metadata);
  return {
    ...(editing?.id !== undefined ? { id: editing.id } : {}),
    ...(editing?.priority !== undefined ? { priority: editing.priority } : {}),
    disabled: editing?.disabled ?? false,
    action: 'retain',
    template: form.template,
    params: param ? { [form.template]: Number(form.param.trim()) } : {},
    tag_selectors: [
      {
        kind: 'doublestar',
        decoration: form.tagDecoration,
        pattern: patternOf(form.tags),
        extras: JSON.stringify({ untagged: form.untagged }),
      },
    ],
    scope_selectors: {
      repository: [
        { kind: 'doublestar', decoration: form.repositoryDecoration, pattern: patternOf(form.repositories) },
      ],
    },
  };
}

/** Harbor's isSameRule: the same selectors, template, parameter and untagged choice. */
export function sameRule(a: RetentionRule, b: RetentionRule): boolean {
  const [ra, rb] = [a.scope_selectors.repository[0], b.scope_selectors.repository[0]];
  const [ta, tb] = [a.tag_selectors[0], b.tag_selectors[0]];
  return (
    ra?.decoration === rb?.decoration &&
    ra?.pattern === rb?.pattern &&
    a.template === b.template &&
    (a.params?.[a.template] ?? null) === (b.params?.[b.template] ?? null) &&
    ta?.decoration === tb?.decoration &&
    ta?.pattern === tb?.pattern &&
    untaggedOf(ta) === untaggedOf(tb)
  );
}

/**
 * Why the form cannot be saved, as Harbor's dialog checks it: a template, its whole-number parameter within
 * core's bound, both patterns, no excluded `**`, no second copy of a rule. Null when it can be saved.
 */
export function ruleProblem(
  form: RuleForm,
  rules: RetentionRule[],
  metadata?: RetentionMetadata,
  editingIndex?: number,
): MessageKey | null {
  if (!form.template) return 'retention.template_required';
  const param = templateParam(form.template, metadata);
  if (param) {
    const text = form.param.trim();
    if (!/^\d+$/.test(text)) return 'retention.param_required';
    if (param.max !== undefined && Number(text) > param.max)
      return param.unit === 'DAYS' ? 'retention.days_large' : 'retention.count_large';
  }
  const selectors = selectorProblem(form);
  if (selectors) return `retention.${selectors}`;
  const body = ruleBody(form, metadata);
  if (rules.some((rule, index) => index !== editingIndex && sameRule(rule, body)))
    return 'retention.existing_rule';
  return null;
}

/** A new project's policy, before its first rule: Harbor's `or` algorithm and no schedule. */
export function emptyPolicy(projectId: number): RetentionPolicy {
  return {
    algorithm: 'or',
    rules: [],
    trigger: { kind: 'Schedule', settings: { cron: '' }, references: {} },
    scope: { level: 'project', ref: projectId },
  };
}

/**
 * The policy to send with `rules` in place of its rules: the trigger keeps its cron but not what core adds
 * (`next_scheduled_time`); with no rule left the schedule is cleared, as Harbor's portal does.
 */
export function withRules(policy: RetentionPolicy, rules: RetentionRule[]): RetentionPolicy {
  const cron = rules.length === 0 ? '' : (policy.trigger.settings.cron ?? '');
  return {
    ...(policy.id !== undefined ? { id: policy.id } : {}),
    algorithm: policy.algorithm || 'or',
    rules,
    trigger: { kind: 'Schedule', settings: { cron }, references: policy.trigger.references ?? {} },
    scope: policy.scope,
  };
}

export const addedRule = (policy: RetentionPolicy, rule: RetentionRule) =>
  withRules(policy, [...policy.rules, rule]);
export const replacedRule = (policy: RetentionPolicy, index: number, rule: RetentionRule) =>
  withRules(
    policy,
    policy.rules.map((current, i) => (i === index ? rule : current)),
  );
export const removedRule = (policy: RetentionPolicy, index: number) =>
  withRules(
    policy,
    policy.rules.filter((_, i) => i !== index),
  );
export const toggledRule = (policy: RetentionPolicy, index: number) =>
  replacedRule(policy, index, { ...policy.rules[index]!, disabled: !policy.rules[index]!.disabled });

/** The policy with another schedule (a Custom cron is checked by the caller). */
export function withSchedule(policy: RetentionPolicy, value: ScheduleValue): RetentionPolicy {
  const base = withRules(policy, policy.rules);
  return { ...base, trigger: { ...base.trigger, settings: { cron: cronOf(value) } } };
}

/** A run's or task's duration in whole minutes and seconds; null until it has both times. */
export function durationOf(
  start: string | undefined,
  end: string | undefined,
): { minutes: number; seconds: number } | null {
  if (!start || !end) return null;
  const ms = new Date(end).getTime() - new Date(start).getTime();
  if (!Number.isFinite(ms)) return null;
  const total = Math.max(0, Math.floor(ms / 1000));
  return { minutes: Math.floor(total / 60), seconds: total % 60 };
}
