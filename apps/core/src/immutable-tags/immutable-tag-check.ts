import { HarborError } from '@harbor-ts/errors';
import { isImmutable, repositoryInProject, type MatchableRule } from '@harbor-ts/selectors';
import { toRuleView } from './immutable-rule.dto.js';

/** A DataSource or a transaction's EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Which tags to look at: one artifact's (or one of them), a repository's, one by name or digest in a
 * repository, or those of `tags` in a repository that point elsewhere than the artifact `movingTo` (the
 * tags a retag would move).
 */
export type TagScope =
  | { artifactId: number; tag?: string }
  | { repositoryId: number }
  | { repository: string; tag: string }
  | { repository: string; digest: string }
  | { repository: string; tags: string[]; movingTo: string };

export interface ImmutableTag {
  /** The full repository name, `project/repo`. */
  repository: string;
  tag: string;
}

function scopeSql(scope: TagScope): { where: string; params: unknown[] } {
  if ('artifactId' in scope)
    return scope.tag === undefined
      ? { where: 't.artifact_id = $1', params: [scope.artifactId] }
      : { where: 't.artifact_id = $1 AND t.name = $2', params: [scope.artifactId, scope.tag] };
  if ('repositoryId' in scope) return { where: 't.repository_id = $1', params: [scope.repositoryId] };
  if ('tag' in scope) return { where: 'r.name = $1 AND t.name = $2', params: [scope.repository, scope.tag] };
  if ('tags' in scope)
    return {
      where: `r.name = $1 AND t.name = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM artifact a WHERE a.id = t.artifact_id AND a.digest = $3)`,
      params: [scope.repository, scope.tags, scope.movingTo],
    };
  return {
    where: 't.artifact_id = (SELECT a.id FROM artifact a WHERE a.repository_name = $1 AND a.digest = $2)',
    params: [scope.repository, scope.digest],
  };
}

/**
 * The tags in `scope` that an enabled immutable rule of their project selects, oldest tag first. A project
 * without enabled rules costs one query that reads no tag; otherwise its rules are read once and matched
 * here, each tag on its own (as Harbor populates a tag's immutable status).
 */
export async function immutableTags(db: Queryable, scope: TagScope): Promise<ImmutableTag[]> {
  const { where, params } = scopeSql(scope);
  const tags = (await db.query(
    `SELECT r.project_id, r.name AS repository, t.name AS tag
       FROM tag t JOIN repository r ON r.repository_id = t.repository_id
      WHERE ${where}
        AND EXISTS (SELECT 1 FROM immutable_tag_rule i WHERE i.project_id = r.project_id AND NOT i.disabled)
      ORDER BY t.id`,
    params,
  )) as { project_id: number; repository: string; tag: string }[];
  if (tags.length === 0) return [];
  const ruleRows = (await db.query(
    `SELECT id, project_id, tag_filter, disabled FROM immutable_tag_rule
      WHERE project_id = ANY($1::int[]) AND NOT disabled ORDER BY id`,
    [[...new Set(tags.map((t) => t.project_id))]],
  )) as { id: number; project_id: number; tag_filter: string; disabled: boolean }[];
  const rules = new Map<number, MatchableRule[]>();
  for (const row of ruleRows)
    rules.set(row.project_id, [...(rules.get(row.project_id) ?? []), toRuleView(row)]);
  return tags
    .filter((t) =>
      isImmutable(rules.get(t.project_id) ?? [], {
        repository: repositoryInProject(t.repository),
        tags: [t.tag],
      }),
    )
    .map(({ repository, tag }) => ({ repository, tag }));
}

/**
 * Harbor's refusal to delete an immutable tag, or an artifact (or repository) carrying one: 412
 * "the tag <tag> configured as immutable, cannot be deleted". The one check every delete path calls.
 */
export async function refuseImmutableTagDeletion(db: Queryable, scope: TagScope): Promise<void> {
  const refused = await immutableDeletionRefusal(db, scope);
  if (refused) throw HarborError.precondition(refused);
}

/** The refusal's message, or undefined when nothing in `scope` is immutable (for `/v2`, which answers itself). */
export async function immutableDeletionRefusal(db: Queryable, scope: TagScope): Promise<string | undefined> {
  const [first] = await immutableTags(db, scope);
  return first && `the tag ${first.tag} configured as immutable, cannot be deleted`;
}

/**
 * Harbor's refusal to move an existing immutable tag onto another artifact (tag controller's Ensure, as an
 * artifact copy does): 412 "the tag <tag> configured as immutable, cannot be updated". A tag that already
 * points at `digest`, or does not exist yet, is never refused.
 */
export async function refuseImmutableTagUpdate(
  db: Queryable,
  repository: string,
  tags: string[],
  digest: string,
): Promise<void> {
  if (tags.length === 0) return;
  const [first] = await immutableTags(db, { repository, tags, movingTo: digest });
  if (first)
    throw HarborError.precondition(`the tag ${first.tag} configured as immutable, cannot be updated`);
}
