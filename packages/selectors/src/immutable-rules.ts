import picomatch from 'picomatch';

/** One selector of a rule, as Harbor stores and returns it. */
export interface ImmutableSelector {
  kind: string;
  decoration: string;
  pattern: string;
  extras?: string;
}

/** What matching needs of a rule (Harbor's immutable `model.Metadata`). */
export interface MatchableRule {
  disabled: boolean;
  tag_selectors: ImmutableSelector[];
  scope_selectors: Record<string, ImmutableSelector[]>;
}

/** A tag, or an artifact with its tags; `repository` is the name inside the project (`team/app`, not `lib/team/app`). */
export interface ImmutableCandidate {
  repository: string;
  tags: string[];
}

// Go's bmatcuk/doublestar: `*` and `?` stop at `/`, `**` crosses it, `{a,b}` and `[a-z]` as usual.
// Harbor's patterns have no negation or extglobs, and a leading dot is an ordinary character.
const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, nonegate: true, noextglob: true };
const compiled = new Map<string, (value: string) => boolean>();

/** Harbor's doublestar match: an empty pattern matches everything. */
export function doublestarMatch(pattern: string, value: string): boolean {
  if (pattern === '') return true;
  let matcher = compiled.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, GLOB_OPTIONS);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, matcher);
  }
  return matcher(value);
}

/** `lib/team/app` → `team/app`: rules match repositories without their project, as Harbor's do. */
export function repositoryInProject(repositoryName: string): string {
  const slash = repositoryName.indexOf('/');
  return slash < 0 ? repositoryName : repositoryName.slice(slash + 1);
}

/**
 * Harbor's rule matcher (pkg/immutable/match/rule): only the first repository scope selector and the
 * first tag selector count. `repoMatches`/`repoExcludes` test the repository; `matches` selects when
 * any tag matches, `excludes` when any tag does not; an untagged candidate is never selected.
 */
export function ruleMatches(rule: MatchableRule, candidate: ImmutableCandidate): boolean {
  if (rule.disabled) return false;
  const scope = rule.scope_selectors.repository?.[0];
  const tagSelector = rule.tag_selectors[0];
  if (!scope || !tagSelector || scope.kind !== 'doublestar' || tagSelector.kind !== 'doublestar')
    return false;
  const repoMatched = doublestarMatch(scope.pattern, candidate.repository);
  const repoSelected =
    scope.decoration === 'repoMatches' ? repoMatched : scope.decoration === 'repoExcludes' && !repoMatched;
  if (!repoSelected) return false;
  const tagMatched = candidate.tags.map((tag) => doublestarMatch(tagSelector.pattern, tag));
  if (tagSelector.decoration === 'matches') return tagMatched.some(Boolean);
  if (tagSelector.decoration === 'excludes') return tagMatched.some((matched) => !matched);
  return false;
}

/** Rules are ORed: one enabled rule selecting the candidate makes it immutable. */
export function isImmutable(rules: readonly MatchableRule[], candidate: ImmutableCandidate): boolean {
  return rules.some((rule) => ruleMatches(rule, candidate));
}
