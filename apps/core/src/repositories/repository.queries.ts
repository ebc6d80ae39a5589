import type { QueryFields } from '../common/list-query.js';

/**
 * Harbor's Repository. `artifact_count` counts what the repository's artifact list shows (no accessories,
 * no untagged children of an index), kept on the row by triggers (migration 1700000031000). `extra` adds
 * columns.
 */
export function repositorySelect(extra?: string): string {
  return `
  SELECT r.repository_id AS id, r.project_id, r.name, r.description,
         r.artifact_count,
         r.pull_count, r.creation_time, r.update_time${extra ? `, ${extra}` : ''}
    FROM repository r`;
}

export const REPOSITORY_SELECT = repositorySelect();

/** What `q` and `sort` may name for repositories. */
export const REPOSITORY_FIELDS: QueryFields = {
  id: { column: 'r.repository_id', type: 'number' },
  name: { column: 'r.name', type: 'string' },
  project_id: { column: 'r.project_id', type: 'number' },
  pull_count: { column: 'r.pull_count', type: 'number' },
  creation_time: { column: 'r.creation_time', type: 'time' },
  update_time: { column: 'r.update_time', type: 'time' },
};

export interface RepositoryRow {
  id: number;
  project_id: number;
  name: string;
  description: string;
  artifact_count: number;
  pull_count: number;
  creation_time: Date;
  update_time: Date;
}
