/**
 * Harbor's doublestar selectors, as the Tag Immutability and Tag Retention dialogs edit them: a decoration
 * (matching or excluding) and a pattern typed as a comma separated list.
 */
export const REPOSITORY_DECORATIONS = ['repoMatches', 'repoExcludes'] as const;
export const TAG_DECORATIONS = ['matches', 'excludes'] as const;
export type RepositoryDecoration = (typeof REPOSITORY_DECORATIONS)[number];
export type TagDecoration = (typeof TAG_DECORATIONS)[number];

/** Whether a decoration excludes what its pattern matches. */
export const isExcluding = (decoration: string): boolean =>
  decoration === 'repoExcludes' || decoration === 'excludes';

/** Harbor's input rule: whitespace dropped; several comma separated values become a `{a,b}` pattern. */
export function patternOf(input: string): string {
  const value = input.replace(/\s+/g, '');
  return value.includes(',') && !value.includes('{') && !value.includes('}') ? `{${value}}` : value;
}

/** Harbor's display rule: a `{a,b}` pattern is shown (and edited) as `a,b`. */
export function inputOf(pattern: string): string {
  return /^\{\S+\}$/.test(pattern) ? pattern.slice(1, -1) : pattern;
}

/** `value` when it is one of `values`, else `fallback` (a saved rule may carry a decoration we do not offer). */
export const oneOf = <T extends string>(values: readonly T[], value: string | undefined, fallback: T): T =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

/** The repository and tag selectors a rule dialog edits, patterns as typed (without Harbor's braces). */
export interface SelectorForm {
  repositoryDecoration: RepositoryDecoration;
  repositories: string;
  tagDecoration: TagDecoration;
  tags: string;
}

interface Selector {
  decoration: string;
  pattern: string;
}

/** The form's selectors for a rule: its first repository and tag selectors, the ones that take part. */
export function selectorFormOf(rule: {
  scope_selectors: { repository: Selector[] };
  tag_selectors: Selector[];
}): SelectorForm {
  const repository = rule.scope_selectors.repository[0];
  const tag = rule.tag_selectors[0];
  return {
    repositoryDecoration: oneOf(REPOSITORY_DECORATIONS, repository?.decoration, 'repoMatches'),
    repositories: inputOf(repository?.pattern ?? ''),
    tagDecoration: oneOf(TAG_DECORATIONS, tag?.decoration, 'matches'),
    tags: inputOf(tag?.pattern ?? ''),
  };
}

/**
 * What Harbor's rule dialogs refuse in the selectors: an empty pattern, or excluding `**` (which leaves no
 * repository). Null when they can be saved.
 */
export function selectorProblem(form: SelectorForm): 'pattern_required' | 'exclude_all' | null {
  const parts = (input: string) => patternOf(input).replace(/[{}]/g, '').split(',');
  const empty = (input: string) => parts(input).join('') === '';
  if (empty(form.repositories) || empty(form.tags)) return 'pattern_required';
  if (form.repositoryDecoration === 'repoExcludes' && parts(form.repositories).some((part) => part === '**'))
    return 'exclude_all';
  return null;
}
