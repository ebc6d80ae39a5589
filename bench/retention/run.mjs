// Tag retention evaluation over one repository with 10,000 tags (issue target: under 10 s).
// Uses the built jobservice (`npx turbo run build` first). BENCH_TAGS=<n> changes the size.
import { performance } from 'node:perf_hooks';

const { evaluateRetention } =
  await import('../../apps/jobservice/dist/jobs/retention/retention-evaluator.js');

const TAGS = Number(process.env.BENCH_TAGS ?? 10_000);
const ROUNDS = 5;
const TARGET_MS = 10_000;
const NOW = Date.now();
const HOUR = 3_600_000;

const selector = (decoration, pattern, extras) => ({
  kind: 'doublestar',
  decoration,
  pattern,
  ...(extras ? { extras } : {}),
});
const everyRepo = { repository: [selector('repoMatches', '**')] };
// A realistic policy: a few rules with tag selectors over release, build and branch tags.
const rules = [
  {
    action: 'retain',
    template: 'latestPushedK',
    params: { latestPushedK: 50 },
    tag_selectors: [selector('matches', 'v*.*.*')],
    scope_selectors: everyRepo,
  },
  {
    action: 'retain',
    template: 'latestPulledN',
    params: { latestPulledN: 20 },
    tag_selectors: [selector('matches', '**')],
    scope_selectors: everyRepo,
  },
  {
    action: 'retain',
    template: 'nDaysSinceLastPush',
    params: { nDaysSinceLastPush: 7 },
    tag_selectors: [selector('excludes', 'build-*', '{"untagged":true}')],
    scope_selectors: everyRepo,
  },
  {
    action: 'retain',
    template: 'always',
    params: {},
    tag_selectors: [selector('matches', '{main,release-*}')],
    scope_selectors: everyRepo,
  },
];
const immutableRules = [
  { disabled: false, tag_selectors: [selector('matches', 'v1.*.*')], scope_selectors: everyRepo },
];

// One artifact per tag (the worst case for per-candidate work), every 10th also tagged `build-<n>`.
const candidates = Array.from({ length: TAGS }, (_, i) => {
  const tags = [i % 3 === 0 ? `v${i % 7}.${i % 11}.${i}` : i % 3 === 1 ? `build-${i}` : `feature-${i}`];
  if (i % 10 === 0) tags.push(`build-x${i}`);
  return {
    id: i + 1,
    digest: `sha256:${(i + 1).toString(16).padStart(64, '0')}`,
    tags,
    pushedTime: NOW - (TAGS - i) * HOUR,
    pulledTime: i % 5 === 0 ? NOW - (i % 500) * HOUR : 0,
  };
});

const times = [];
let plan;
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now();
  plan = evaluateRetention({ rules, repository: 'team/app', candidates, immutableRules, now: NOW });
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const immutable = [...plan.verdicts.values()].filter((v) => v === 'immutable').length;
console.log(`retention evaluation, ${TAGS} tags in one repository, ${rules.length} rules, ${ROUNDS} rounds`);
console.log(
  `  median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms (target < ${TARGET_MS} ms)`,
);
console.log(
  `  plan: ${plan.doomed.length} to delete, ${immutable} kept as immutable, ${TAGS - plan.doomed.length - immutable} retained`,
);
if (median >= TARGET_MS) {
  console.error('FAIL: over the 10 s target');
  process.exit(1);
}
