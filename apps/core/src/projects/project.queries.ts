import type { QueryFields } from '../common/list-query.js';

/** A project with what its API representation needs: owner name, repository count, metadata. */
export const PROJECT_SELECT = `
  SELECT p.project_id, p.owner_id, p.name, p.registry_id, p.creation_time, p.update_time,
         u.username AS owner_name,
         (SELECT count(*)::int FROM repository r WHERE r.project_id = p.project_id) AS repo_count,
         (SELECT jsonb_object_agg(m.name, m.value) FROM project_metadata m
           WHERE m.project_id = p.project_id AND m.value IS NOT NULL) AS metadata
    FROM project p LEFT JOIN harbor_user u ON u.user_id = p.owner_id`;

export const PUBLIC_SQL = `EXISTS (SELECT 1 FROM project_metadata pm
  WHERE pm.project_id = p.project_id AND pm.name = 'public' AND pm.value = 'true')`;

export const MEMBER_OF_SQL = (userParam: string) => `EXISTS (SELECT 1 FROM project_member mm
  WHERE mm.project_id = p.project_id AND mm.entity_type = 'u' AND mm.entity_id = ${userParam})`;

/** What `q` and `sort` may name for projects. */
export const PROJECT_FIELDS: QueryFields = {
  project_id: { column: 'p.project_id', type: 'number' },
  name: { column: 'p.name', type: 'string' },
  owner_id: { column: 'p.owner_id', type: 'number' },
  creation_time: { column: 'p.creation_time', type: 'time' },
  update_time: { column: 'p.update_time', type: 'time' },
  public: { column: PUBLIC_SQL, type: 'boolean', sortable: false },
};
