import { describe, expect, it } from 'vitest';
import { englishMessages, formatMessage, type MessageKey } from '../../i18n/locales';
import type { RetentionPolicy, RetentionRule } from './api';
import {
  addedRule,
  cronOf,
  DEFAULT_RULE_FORM,
  describeRule,
  durationOf,
  emptyPolicy,
  formOf,
  patternOf,
  removedRule,
  ruleBody,
  ruleProblem,
  scheduleOf,
  scheduleValid,
  toggledRule,
  untaggedOf,
  withSchedule,
} from './rules';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  formatMessage(englishMessages, key, params);

const rule = (k: number, overrides: Partial<RetentionRule> = {}): RetentionRule => ({
  disabled: false,
  action: 'retain',
  template: 'latestPushedK',
  params: { latestPushedK: k },
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  ...overrides,
});

const policy = (rules: RetentionRule[], cron = ''): RetentionPolicy => ({
  id: 7,
  algorithm: 'or',
  rules,
  trigger: {
    kind: 'Schedule',
    settings: { cron, next_scheduled_time: '2026-12-05T00:00:00Z' },
    references: {},
  },
  scope: { level: 'project', ref: 3 },
});

describe('retention rule text', () => {
  it("reads like Harbor's rule list", () => {
    expect(describeRule(rule(10), t)).toBe(
      'For the repositories matching **, retain the most recently pushed 10 artifacts with tags matching ** including untagged artifacts',
    );
    expect(
      describeRule(
        rule(0, {
          template: 'nDaysSinceLastPull',
          params: { nDaysSinceLastPull: 7 },
          tag_selectors: [{ kind: 'doublestar', decoration: 'excludes', pattern: '{dev*,rc*}' }],
          scope_selectors: {
            repository: [{ kind: 'doublestar', decoration: 'repoExcludes', pattern: 'tmp/**' }],
          },
        }),
        t,
      ),
    ).toBe(
      'For the repositories excluding tmp/**, retain the artifacts pulled within the last 7 days with tags excluding dev*,rc*',
    );
    expect(describeRule(rule(0, { template: 'always', params: {} }), t)).toBe(
      'For the repositories matching **, retain always with tags matching ** including untagged artifacts',
    );
  });

  it("reads untagged from the extras, else Harbor's default for the decoration", () => {
    expect(untaggedOf({ kind: 'doublestar', decoration: 'matches', pattern: '**' })).toBe(true);
    expect(untaggedOf({ kind: 'doublestar', decoration: 'excludes', pattern: 'x' })).toBe(false);
    expect(
      untaggedOf({ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":false}' }),
    ).toBe(false);
    expect(
      untaggedOf({ kind: 'doublestar', decoration: 'excludes', pattern: 'x', extras: '{"untagged":true}' }),
    ).toBe(true);
  });
});

describe('retention rule form', () => {
  it("builds Harbor's rule, with the parameter under the template's name", () => {
    expect(ruleBody({ ...DEFAULT_RULE_FORM, param: ' 3 ' })).toEqual(rule(3));
    expect(
      ruleBody({ ...DEFAULT_RULE_FORM, template: 'always', repositories: 'app, web', untagged: false }),
    ).toMatchObject({
      template: 'always',
      params: {},
      tag_selectors: [{ extras: '{"untagged":false}' }],
      scope_selectors: { repository: [{ pattern: '{app,web}' }] },
    });
    expect(patternOf(' a , b ')).toBe('{a,b}');
  });

  it('round-trips an edited rule, keeping its id and enabled state', () => {
    const stored = rule(5, { id: 9, disabled: true });
    expect(formOf(stored)).toEqual({ ...DEFAULT_RULE_FORM, param: '5' });
    expect(ruleBody(formOf(stored), undefined, stored)).toEqual(stored);
  });

  it("checks the form as Harbor's dialog does", () => {
    const rules = [rule(3)];
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, param: '' }, [])).toBe('retention.param_required');
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, param: '-1' }, [])).toBe('retention.param_required');
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, param: '40000' }, [])).toBe('retention.count_large');
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, template: 'nDaysSinceLastPush', param: '30000000' }, [])).toBe(
      'retention.days_large',
    );
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, template: 'always', tags: ' ' }, [])).toBe(
      'retention.pattern_required',
    );
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, param: '1', repositoryDecoration: 'repoExcludes' }, [])).toBe(
      'retention.exclude_all',
    );
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, param: '3' }, rules)).toBe('retention.existing_rule');
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, param: '3' }, rules, undefined, 0)).toBeNull();
    expect(ruleProblem({ ...DEFAULT_RULE_FORM, param: '3', untagged: false }, rules)).toBeNull();
  });
});

describe('retention policy bodies', () => {
  it("starts a project's policy with no rule and no schedule", () => {
    expect(addedRule(emptyPolicy(3), rule(3))).toEqual({
      algorithm: 'or',
      rules: [rule(3)],
      trigger: { kind: 'Schedule', settings: { cron: '' }, references: {} },
      scope: { level: 'project', ref: 3 },
    });
  });

  it('replaces the rules, leaving out next_scheduled_time, and clears the schedule with the last rule', () => {
    const stored = policy([rule(3), rule(5)], '0 0 0 * * *');
    expect(toggledRule(stored, 1)).toEqual({
      id: 7,
      algorithm: 'or',
      rules: [rule(3), rule(5, { disabled: true })],
      trigger: { kind: 'Schedule', settings: { cron: '0 0 0 * * *' }, references: {} },
      scope: { level: 'project', ref: 3 },
    });
    expect(removedRule(stored, 0).rules).toEqual([rule(5)]);
    expect(removedRule(policy([rule(3)], '0 0 0 * * *'), 0).trigger.settings).toEqual({ cron: '' });
  });
});

describe('retention schedule', () => {
  it("reads a cron as Harbor's originCron and writes it back", () => {
    expect(scheduleOf('')).toEqual({ type: 'None', cron: '' });
    expect(scheduleOf('0 0 * * * *')).toEqual({ type: 'Hourly', cron: '0 0 * * * *' });
    expect(scheduleOf('0 0 0 * * 0')).toEqual({ type: 'Weekly', cron: '0 0 0 * * 0' });
    expect(scheduleOf('0 30 2 * * *')).toEqual({ type: 'Custom', cron: '0 30 2 * * *' });
    expect(cronOf({ type: 'Daily', cron: '' })).toBe('0 0 0 * * *');
    expect(cronOf({ type: 'None', cron: '0 1 * * * *' })).toBe('');
    expect(cronOf({ type: 'Custom', cron: ' 0 30 2 * * * ' })).toBe('0 30 2 * * *');
    expect(scheduleValid({ type: 'Custom', cron: '* * *' })).toBe(false);
    expect(withSchedule(policy([rule(3)]), { type: 'Daily', cron: '' }).trigger).toEqual({
      kind: 'Schedule',
      settings: { cron: '0 0 0 * * *' },
      references: {},
    });
  });

  it('measures a run in minutes and seconds once it has ended', () => {
    expect(durationOf('2026-12-04T06:00:00Z', '2026-12-04T06:01:05Z')).toEqual({ minutes: 1, seconds: 5 });
    expect(durationOf('2026-12-04T06:00:00Z', '')).toBeNull();
  });
});
