import { isImmutable, repositoryInProject, type MatchableRule } from '@harbor-ts/selectors';
import { toRuleView } from './immutable-rule.dto.js';

/**
 * A select-list column holding the enabled rules of the project `projectExpr` (an SQL expression such as
 * `$1` or `a.project_id`) as a JSON array of their `tag_filter` texts, or null when there are none. A
 * listing reads it with its own statement, so `with_immutable_status` costs no round trip of its own.
 */
export function enabledRulesColumn(projectExpr: string, alias = 'immutable_rules'): string {
  return `(SELECT json_agg(i.tag_filter ORDER BY i.id) FROM immutable_tag_rule i
     WHERE i.project_id = ${projectExpr} AND NOT i.disabled) AS ${alias}`;
}

/** The rules read by `enabledRulesColumn`. */
export function rulesOfColumn(value: unknown): MatchableRule[] {
  if (!Array.isArray(value)) return [];
  return value.map((tagFilter, index) =>
    toRuleView({ id: index, disabled: false, tag_filter: String(tagFilter) }),
  );
}

/** Whether a tag is immutable. */
export type TagImmutability = (tag: string) => boolean;

/** Nothing is immutable: Harbor's `immutable: false` without `with_immutable_status`. */
export const NEVER_IMMUTABLE: TagImmutability = () => false;

/**
 * Harbor's populateImmutableStatus for the tags of one repository (`project/repo`): each tag matched on its
 * own against the project's enabled rules, in memory.
 */
export function tagImmutability(rules: readonly MatchableRule[], repositoryName: string): TagImmutability {
  if (rules.length === 0) return NEVER_IMMUTABLE;
  const repository = repositoryInProject(repositoryName);
  return (tag) => isImmutable(rules, { repository, tags: [tag] });
}
