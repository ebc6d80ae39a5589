import type { DataSource } from 'typeorm';
import { addPendingTasks, ArtifactReferencedError, deleteArtifactsDeep, releaseQuota } from '@harbor-ts/db';
import type { ImmutableRule, RetentionCandidate, RetentionRule } from './retention-evaluator.js';

/** The stored policy, as core writes it in `retention_policy.data`. */
export interface StoredRetentionPolicy {
  id: number;
  algorithm: string;
  rules: RetentionRule[];
  scope: { level: string; ref: number };
}

export interface RetentionRepository {
  id: number;
  projectId: number;
  /** `project/repo`. */
  name: string;
}

/** What became of one candidate the plan deletes. */
export type DeletionOutcome = 'deleted' | 'gone' | 'changed' | 'referenced';

/**
 * Retention's reads and writes, every one against Postgres and none of them forgiving: a failed query
 * throws, so the run ends Error instead of treating a failure as "nothing there" (Harbor #19401).
 */
export class RetentionCandidates {
  constructor(private readonly dataSource: DataSource) {}

  async policy(id: number): Promise<StoredRetentionPolicy> {
    const [row] = (await this.dataSource.query('SELECT id, data FROM retention_policy WHERE id = $1', [
      id,
    ])) as {
      id: number;
      data: string;
    }[];
    if (!row) throw new Error(`retention policy ${id} not found`);
    const data = JSON.parse(row.data) as Partial<StoredRetentionPolicy>;
    if (!Array.isArray(data.rules) || !data.scope) throw new Error(`retention policy ${id} is malformed`);
    return { id: row.id, algorithm: data.algorithm ?? 'or', rules: data.rules, scope: data.scope };
  }

  async repositories(projectId: number): Promise<RetentionRepository[]> {
    return (await this.dataSource.query(
      'SELECT repository_id AS id, project_id AS "projectId", name FROM repository WHERE project_id = $1 ORDER BY name',
      [projectId],
    )) as RetentionRepository[];
  }

  async repository(id: number): Promise<RetentionRepository | undefined> {
    const [row] = (await this.dataSource.query(
      'SELECT repository_id AS id, project_id AS "projectId", name FROM repository WHERE repository_id = $1',
      [id],
    )) as RetentionRepository[];
    return row;
  }

  /**
   * A repository's candidates in one query: its artifacts with their tags, pushed and pulled times (the
   * newest of the artifact's and its tags', as Harbor computes them). Accessories and the children of an
   * index are not candidates: they go with their subject or index.
   */
  async candidates(repositoryId: number): Promise<RetentionCandidate[]> {
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.digest,
              COALESCE(array_agg(t.name ORDER BY t.name) FILTER (WHERE t.name IS NOT NULL), '{}') AS tags,
              (extract(epoch FROM GREATEST(a.push_time, max(t.push_time))) * 1000)::float8 AS pushed,
              COALESCE(extract(epoch FROM GREATEST(a.pull_time, max(t.pull_time))) * 1000, 0)::float8 AS pulled
         FROM artifact a LEFT JOIN tag t ON t.artifact_id = a.id
        WHERE a.repository_id = $1
          AND NOT EXISTS (SELECT 1 FROM artifact_accessory acc WHERE acc.artifact_id = a.id)
          AND NOT EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id)
        GROUP BY a.id ORDER BY a.id`,
      [repositoryId],
    )) as { id: number; digest: string; tags: string[]; pushed: number; pulled: number }[];
    return rows.map((r) => ({
      id: r.id,
      digest: r.digest,
      tags: r.tags,
      pushedTime: r.pushed,
      pulledTime: r.pulled,
    }));
  }

  /** The project's enabled immutable rules (core's `immutable_tag_rule`, its JSON in `tag_filter`). */
  async immutableRules(projectId: number): Promise<ImmutableRule[]> {
    const rows = (await this.dataSource.query(
      'SELECT tag_filter FROM immutable_tag_rule WHERE project_id = $1 AND NOT disabled ORDER BY id',
      [projectId],
    )) as { tag_filter: string }[];
    return rows.map((row) => {
      const stored = JSON.parse(row.tag_filter) as Partial<ImmutableRule>;
      return {
        disabled: false,
        tag_selectors: stored.tag_selectors ?? [],
        scope_selectors: stored.scope_selectors ?? {},
      };
    });
  }

  /** Adds one pending task per repository to the launcher's execution; returns their ids. */
  addTasks(executionId: number, attrs: Record<string, unknown>[]): Promise<number[]> {
    return addPendingTasks(this.dataSource, executionId, 'RETENTION', attrs);
  }

  /** Harbor's RetentionExecutionTask counts, kept in the task's attributes. */
  async setCounts(taskId: number, counts: { total: number; retained: number }): Promise<void> {
    await this.dataSource.query(
      `UPDATE task SET extra_attrs = extra_attrs || $2::jsonb, update_time = now() WHERE id = $1`,
      [taskId, JSON.stringify(counts)],
    );
  }

  /** The artifacts the task deleted, for core's TAG_RETENTION webhook (never shown by the API). */
  async setDeleted(
    taskId: number,
    deleted: { repository: string; digest: string; tags: string[] }[],
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE task SET extra_attrs = extra_attrs || jsonb_build_object('deleted', $2::jsonb) WHERE id = $1`,
      [taskId, JSON.stringify(deleted)],
    );
  }

  /**
   * Deletes one candidate through the shared artifact delete (accessories, index children, trash for GC,
   * quota), in one transaction with the task's `retained` count. The artifact is locked first; if its
   * tags are no longer the ones evaluated (a push moved a tag onto it), it stays.
   */
  async delete(candidate: RetentionCandidate, taskId: number): Promise<DeletionOutcome> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [locked] = (await manager.query(
          'SELECT id FROM artifact WHERE id = $1 AND digest = $2 FOR UPDATE',
          [candidate.id, candidate.digest],
        )) as { id: number }[];
        if (!locked) return 'gone';
        const [now] = (await manager.query(
          `SELECT COALESCE(array_agg(name ORDER BY name), '{}') AS tags FROM tag WHERE artifact_id = $1`,
          [candidate.id],
        )) as { tags: string[] }[];
        if ((now?.tags ?? []).join('\n') !== candidate.tags.join('\n')) return 'changed';
        const { freedByProject } = await deleteArtifactsDeep(manager, [candidate.id]);
        for (const [projectId, bytes] of freedByProject)
          if (bytes > 0) await releaseQuota(manager, projectId, bytes);
        await manager.query(
          `UPDATE task SET extra_attrs = jsonb_set(extra_attrs, '{retained}',
                  to_jsonb(COALESCE((extra_attrs->>'retained')::int, 0) - 1)), update_time = now()
            WHERE id = $1`,
          [taskId],
        );
        return 'deleted';
      });
    } catch (error) {
      // An index started listing it since it was read: in use now, so it stays.
      if (error instanceof ArtifactReferencedError) return 'referenced';
      throw error;
    }
  }
}
