import { z } from 'zod';
import { INT4_MAX } from '../common/validation.js';
import type { ImmutableSelector } from '@harbor-ts/selectors';

/** Harbor's only selector kind for immutable rules, and the action and template its portal sends. */
export const IMMUTABLE_ACTION = 'immutable';
export const IMMUTABLE_TEMPLATE = 'immutable_template';

const pattern = z.string().min(1, 'pattern is required').max(1024);

// `extras` (Harbor's swagger has it) is accepted and dropped, as Harbor's rule model has no place for it.
const tagSelector = z.object({
  kind: z.literal('doublestar'),
  decoration: z.enum(['matches', 'excludes']),
  pattern,
  extras: z.string().optional(),
});

const repositorySelector = z.object({
  kind: z.literal('doublestar'),
  decoration: z.enum(['repoMatches', 'repoExcludes']),
  pattern,
  extras: z.string().optional(),
});

/**
 * Harbor's ImmutableRule body. Only the first tag selector and the first repository selector take part
 * in matching (as in Harbor); `params` is accepted and ignored, Harbor drops it too.
 */
export const immutableRuleSchema = z.object({
  id: z.number().int().min(0).max(INT4_MAX).optional(),
  priority: z.number().int().min(-INT4_MAX).max(INT4_MAX).default(0),
  disabled: z.boolean().default(false),
  action: z.literal(IMMUTABLE_ACTION).default(IMMUTABLE_ACTION),
  template: z.literal(IMMUTABLE_TEMPLATE).default(IMMUTABLE_TEMPLATE),
  params: z.record(z.string(), z.unknown()).nullable().optional(),
  tag_selectors: z.array(tagSelector).min(1, 'at least one tag selector is required').max(16),
  scope_selectors: z.object({
    repository: z.array(repositorySelector).min(1, 'at least one repository selector is required').max(16),
  }),
});
export type ImmutableRuleRequest = z.output<typeof immutableRuleSchema>;

/** The rule as stored in `tag_filter`: `disabled` and `id` live in their own columns. */
export interface StoredRule {
  priority: number;
  action: string;
  template: string;
  tag_selectors: ImmutableSelector[];
  scope_selectors: Record<string, ImmutableSelector[]>;
}

/** Harbor's ImmutableRule as the API returns it. */
export interface ImmutableRuleView extends StoredRule {
  id: number;
  disabled: boolean;
}

const selector = ({ kind, decoration, pattern }: ImmutableSelector): ImmutableSelector => ({
  kind,
  decoration,
  pattern,
});

/**
 * The JSON stored in `tag_filter`, with a fixed key order: two rules with the same selectors, action,
 * template and priority are the same text, which the table's unique key turns into Harbor's 409.
 */
export function storedRuleJson(rule: ImmutableRuleRequest): string {
  const stored: StoredRule = {
    priority: rule.priority,
    action: rule.action,
    template: rule.template,
    tag_selectors: rule.tag_selectors.map(selector),
    scope_selectors: { repository: rule.scope_selectors.repository.map(selector) },
  };
  return JSON.stringify(stored);
}

/** A row back into Harbor's shape; a `tag_filter` Harbor itself wrote (with id, disabled...) reads too. */
export function toRuleView(row: { id: number; tag_filter: string; disabled: boolean }): ImmutableRuleView {
  const stored = JSON.parse(row.tag_filter) as Partial<StoredRule>;
  return {
    id: row.id,
    priority: stored.priority ?? 0,
    disabled: row.disabled,
    action: stored.action ?? IMMUTABLE_ACTION,
    template: stored.template ?? IMMUTABLE_TEMPLATE,
    tag_selectors: (stored.tag_selectors ?? []).map(selector),
    scope_selectors: Object.fromEntries(
      Object.entries(stored.scope_selectors ?? {}).map(([scope, list]) => [scope, list.map(selector)]),
    ),
  };
}
