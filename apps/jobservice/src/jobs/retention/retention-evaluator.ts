import { doublestarMatch, isImmutable, type MatchableRule } from '@harbor-ts/selectors';

/** A selector of a rule, as Harbor stores it (`doublestar` only). */
export interface RetentionSelector {
  kind: string;
  decoration: string;
  pattern: string;
  extras?: string;
}

/** One rule of a stored policy (Harbor's rule.Metadata). */
export interface RetentionRule {
  id?: number;
  priority?: number;
  disabled?: boolean;
  action: string;
  template: string;
  params?: Record<string, unknown>;
  tag_selectors?: RetentionSelector[];
  scope_selectors?: Record<string, RetentionSelector[]>;
}

/** An artifact of a repository as retention sees it (Harbor's selector.Candidate); times in ms, 0 = never. */
export interface RetentionCandidate {
  id: number;
  digest: string;
  tags: string[];
  pushedTime: number;
  pulledTime: number;
}

/** What matching needs of an immutable rule: the shared matcher's rule (core's immutable tags use it too). */
export type ImmutableRule = MatchableRule;

export type Verdict = 'retain' | 'delete' | 'immutable';

export interface RetentionPlan {
  /** Every candidate with what happens to it, in the order they were given. */
  verdicts: Map<number, Verdict>;
  /** The candidates to delete (never one holding an immutable tag), oldest push first. */
  doomed: RetentionCandidate[];
}

/** A policy that cannot be evaluated exactly as written: the run stops before deleting anything. */
export class RetentionPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetentionPolicyError';
  }
}

function requireDoublestar(selector: RetentionSelector): void {
  if (selector.kind !== 'doublestar')
    throw new RetentionPolicyError(`selector ${selector.kind} is not registered`);
}

/**
 * Whether a rule applies to a repository (its name inside the project): every `repository` scope
 * selector must select it (Harbor's launcher filters them one after the other). Disabled rules never apply.
 */
export function ruleAppliesTo(rule: RetentionRule, repository: string): boolean {
  if (rule.disabled) return false;
  for (const selector of rule.scope_selectors?.repository ?? []) {
    requireDoublestar(selector);
    const matched = doublestarMatch(selector.pattern, repository);
    if (selector.decoration === 'repoMatches' ? !matched : selector.decoration === 'repoExcludes' && matched)
      return false;
    if (selector.decoration !== 'repoMatches' && selector.decoration !== 'repoExcludes')
      throw new RetentionPolicyError(`unknown repository selector decoration ${selector.decoration}`);
  }
  return true;
}

/**
 * Harbor's `untagged` extra. `matches` selects untagged artifacts while it is true (the default, so an
 * upgrade keeps them); `excludes` reads it as "exclude untagged" and selects them while it is false.
 */
function untaggedSelected(selector: RetentionSelector): boolean {
  let untagged = selector.decoration !== 'excludes';
  if (selector.extras) {
    try {
      const extras = JSON.parse(selector.extras) as { untagged?: unknown };
      untagged = extras.untagged === true;
    } catch {
      // Harbor ignores extras it cannot read and keeps the default.
    }
  }
  return untagged;
}

/** One tag selector: `matches` keeps candidates with a matching tag, `excludes` those with a tag that does not match. */
export function selectTags(
  selector: RetentionSelector,
  candidates: RetentionCandidate[],
): RetentionCandidate[] {
  requireDoublestar(selector);
  if (selector.decoration !== 'matches' && selector.decoration !== 'excludes')
    throw new RetentionPolicyError(`unknown tag selector decoration ${selector.decoration}`);
  const matches = selector.decoration === 'matches';
  const untagged = untaggedSelected(selector);
  return candidates.filter((c) => {
    if (c.tags.length === 0) return matches ? untagged : !untagged;
    return matches
      ? c.tags.some((tag) => doublestarMatch(selector.pattern, tag))
      : c.tags.some((tag) => !doublestarMatch(selector.pattern, tag));
  });
}

/** A template's count or days: a whole number, 0 or more. Anything else stops the run (the API refuses it). */
function intParam(rule: RetentionRule): number {
  const raw = rule.params?.[rule.template];
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new RetentionPolicyError(`${rule.template} type error`);
  return value;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function newestFirst(time: (c: RetentionCandidate) => number) {
  return (a: RetentionCandidate, b: RetentionCandidate) => time(b) - time(a) || b.id - a.id;
}

/** What a rule's template retains of the candidates its selectors selected (Harbor's rule evaluators). */
export function applyTemplate(
  rule: RetentionRule,
  selected: RetentionCandidate[],
  now: number,
): RetentionCandidate[] {
  switch (rule.template) {
    case 'always':
      return selected;
    case 'latestPushedK':
      return [...selected].sort(newestFirst((c) => c.pushedTime)).slice(0, intParam(rule));
    case 'latestPulledN':
      return [...selected].sort(newestFirst((c) => c.pulledTime)).slice(0, intParam(rule));
    case 'latestActiveK':
      return [...selected]
        .sort(newestFirst((c) => Math.max(c.pulledTime, c.pushedTime)))
        .slice(0, intParam(rule));
    case 'nDaysSinceLastPush': {
      const since = now - intParam(rule) * DAY_MS;
      return selected.filter((c) => c.pushedTime >= since);
    }
    case 'nDaysSinceLastPull': {
      const since = now - intParam(rule) * DAY_MS;
      return selected.filter((c) => c.pulledTime >= since);
    }
    case 'lastXDays': {
      const since = now - intParam(rule) * DAY_MS;
      return selected.filter((c) => c.pushedTime > since);
    }
    default:
      throw new RetentionPolicyError(`rule evaluator ${rule.template} is not registered`);
  }
}

/**
 * Harbor's OR algorithm over one repository: each applicable rule's tag selectors (ANDed), then its
 * template; the union is retained and every other candidate deleted, except those holding an immutable
 * tag. A rule without tag selectors is skipped, as Harbor's processor skips it; with no rule left,
 * nothing is deleted. Throws (deleting nothing) on anything it cannot evaluate as written.
 */
export function evaluateRetention(input: {
  rules: readonly RetentionRule[];
  repository: string;
  candidates: RetentionCandidate[];
  immutableRules: readonly ImmutableRule[];
  now: number;
}): RetentionPlan {
  const { repository, candidates, immutableRules, now } = input;
  const rules = input.rules.filter((rule) => ruleAppliesTo(rule, repository));
  const verdicts = new Map<number, Verdict>(candidates.map((c) => [c.id, 'retain']));
  const active = rules.filter((rule) => (rule.tag_selectors?.length ?? 0) > 0);
  for (const rule of active)
    if (rule.action !== 'retain') throw new RetentionPolicyError(`no performer for action ${rule.action}`);
  if (active.length === 0) return { verdicts, doomed: [] };
  const retained = new Set<number>();
  for (const rule of active) {
    let selected = candidates;
    for (const selector of rule.tag_selectors ?? []) selected = selectTags(selector, selected);
    for (const c of applyTemplate(rule, selected, now)) retained.add(c.id);
  }
  const doomed: RetentionCandidate[] = [];
  for (const c of candidates) {
    if (retained.has(c.id)) continue;
    if (isImmutable(immutableRules, { repository, tags: c.tags })) verdicts.set(c.id, 'immutable');
    else {
      verdicts.set(c.id, 'delete');
      doomed.push(c);
    }
  }
  doomed.sort((a, b) => a.pushedTime - b.pushedTime || a.id - b.id);
  return { verdicts, doomed };
}
