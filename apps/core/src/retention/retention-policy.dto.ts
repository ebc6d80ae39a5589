import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { cronProblem } from '@harbor-ts/jobs';
import { validate } from '../common/validation.js';

const selector = z.object({
  kind: z.string(),
  decoration: z.string(),
  pattern: z.string(),
  extras: z.string().optional(),
});

const rule = z.object({
  id: z.number().int().optional(),
  priority: z.number().int().optional(),
  disabled: z.boolean().optional(),
  action: z.string(),
  template: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  tag_selectors: z.array(selector),
  scope_selectors: z.record(z.string(), z.array(selector)),
});

/** Harbor's RetentionPolicy body. */
export const retentionPolicySchema = z.object({
  id: z.number().int().optional(),
  algorithm: z.string(),
  rules: z.array(rule).default([]),
  trigger: z.object({
    kind: z.string(),
    settings: z.record(z.string(), z.unknown()).optional(),
    references: z.record(z.string(), z.unknown()).optional(),
  }),
  scope: z.object({ level: z.string(), ref: z.number().int() }),
});

export type RetentionPolicyBody = z.output<typeof retentionPolicySchema>;
export type RetentionRuleBody = z.output<typeof rule>;

/** Harbor's rule templates (pkg/retention/policy/rule/index): the parameter each needs, and its upper bound. */
const TEMPLATES: Record<string, { param?: string; max?: number }> = {
  latestPushedK: { param: 'latestPushedK', max: 32766 },
  latestPulledN: { param: 'latestPulledN', max: 32766 },
  latestActiveK: { param: 'latestActiveK' },
  lastXDays: { param: 'lastXDays' },
  always: {},
  nDaysSinceLastPull: { param: 'nDaysSinceLastPull', max: 20190904 },
  nDaysSinceLastPush: { param: 'nDaysSinceLastPush', max: 20190904 },
};

export const MAX_RULES = 15;

function validateRule(r: RetentionRuleBody): void {
  const template = TEMPLATES[r.template];
  if (r.template === '') throw HarborError.badRequest('empty rule template ID');
  if (!template) throw HarborError.badRequest(`rule evaluator ${r.template} is not registered`);
  if (r.action !== 'retain') throw HarborError.badRequest(`action ${r.action} is not supported`);
  if (template.param) {
    const value = r.params?.[template.param];
    if (value === undefined)
      throw HarborError.badRequest(`missing required parameter ${template.param} for rule ${r.template}`);
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw HarborError.badRequest(`${template.param} type error`);
    if (value < 0) throw HarborError.badRequest(`${template.param} is less than zero`);
    if (template.max !== undefined && value > template.max)
      throw HarborError.badRequest(`${template.param} is too large`);
  }
  if (r.tag_selectors.length === 0) throw HarborError.badRequest('TagSelectors: Can not be empty');
  const selectors = [...r.tag_selectors, ...Object.values(r.scope_selectors).flat()];
  for (const s of selectors) {
    if (s.kind !== 'doublestar') throw HarborError.badRequest(`Kind: Must match doublestar`);
    if (!s.decoration) throw HarborError.badRequest('Decoration: Can not be empty');
    if (!s.pattern) throw HarborError.badRequest('Pattern: Can not be empty');
  }
  const decorations: [string, string[]][] = [
    ...r.tag_selectors.map((s): [string, string[]] => [s.decoration, ['matches', 'excludes']]),
    ...(r.scope_selectors.repository ?? []).map((s): [string, string[]] => [
      s.decoration,
      ['repoMatches', 'repoExcludes'],
    ]),
  ];
  for (const [decoration, allowed] of decorations)
    if (!allowed.includes(decoration))
      throw HarborError.badRequest(`decoration ${decoration} is not supported`);
}

/**
 * A policy body with Harbor's checks and messages: at most 15 rules (400), no two identical rules (409),
 * the `or` algorithm, a Schedule trigger with a 6-field cron, registered templates with their parameters.
 */
export function parseRetentionPolicy(body: unknown): RetentionPolicyBody {
  const policy = validate(retentionPolicySchema, body, 'policy');
  if (policy.rules.length > MAX_RULES) throw HarborError.badRequest('only 15 rules are allowed at most');
  const seen = new Map<string, number>();
  policy.rules.forEach((r, n) => {
    const key = JSON.stringify({ ...r, id: 0 });
    const old = seen.get(key);
    if (old !== undefined) throw HarborError.conflict(`rule ${n} is conflict with rule ${old}`);
    seen.set(key, n);
  });
  if (policy.algorithm !== 'or') throw HarborError.badRequest('Algorithm: Must match or');
  if (policy.trigger.kind === '') throw HarborError.badRequest('Kind: Can not be empty');
  if (policy.trigger.kind === 'Schedule') {
    if (!policy.trigger.settings) throw HarborError.badRequest('Trigger.Settings: Can not be empty');
    if (!('cron' in policy.trigger.settings))
      throw HarborError.badRequest('Trigger.Settings.cron: Can not be empty');
    const cron = scheduleCron(policy);
    const problem = cron ? cronProblem(cron)?.replace(`invalid cron ${cron}: `, '') : undefined;
    if (problem)
      throw HarborError.badRequest(
        `invalid cron string for scheduled tag retention: ${cron}, error: ${problem}`,
      );
  }
  for (const r of policy.rules) validateRule(r);
  return policy;
}

/** The policy's cron when it runs on a schedule; '' or undefined when it does not. */
export function scheduleCron(policy: RetentionPolicyBody): string | undefined {
  if (policy.trigger.kind !== 'Schedule') return undefined;
  const cron = policy.trigger.settings?.cron;
  if (cron === undefined || cron === null) return undefined;
  if (typeof cron !== 'string')
    throw HarborError.badRequest('invalid cron type for scheduled tag retention: must be a string');
  return cron.trim() === '' ? undefined : cron;
}
