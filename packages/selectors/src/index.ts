export {
  doublestarMatch,
  isImmutable,
  repositoryInProject,
  ruleMatches,
  type ImmutableCandidate,
  type ImmutableSelector,
  type MatchableRule,
} from './immutable-rules.js';
