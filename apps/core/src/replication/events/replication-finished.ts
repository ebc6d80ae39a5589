import type { DataSource } from 'typeorm';
import type { NewCoreEvent, TaskFinished } from '@harbor-ts/events';

interface Row {
  task: {
    parameters?: { src_resource?: string; dst_resource?: string };
    resource_type?: string;
    src_resource?: string;
    dst_resource?: string;
    references?: string;
  };
  execution_trigger: string;
  execution_start: Date;
  execution_operator: string | null;
  description: string;
  creator: string;
  override: boolean;
  src_registry_id: number | null;
  registry_name: string | null;
  registry_type: string | null;
  registry_url: string | null;
  credential_type: string | null;
}

/**
 * Harbor's REPLICATION event: one per repository task that reached a final status (Harbor's task
 * status hook), never for the run's launcher. The local project is the source of a push-based policy
 * and the destination of a pull-based one.
 */
export async function replicationFinished(
  dataSource: DataSource,
  outcome: TaskFinished,
): Promise<NewCoreEvent | undefined> {
  const [row] = (await dataSource.query(
    `SELECT t.extra_attrs AS task, e.trigger AS execution_trigger, e.start_time AS execution_start,
            -- Harbor's scheduled runs are started by its job service user.
            COALESCE(e.extra_attrs->>'operator',
                     CASE WHEN e.trigger = 'SCHEDULE' THEN 'harbor-jobservice' END) AS execution_operator,
            p.description, p.creator, p.override, p.src_registry_id,
            r.name AS registry_name, r.type AS registry_type, r.url AS registry_url, r.credential_type
       FROM task t JOIN execution e ON e.id = t.execution_id
       JOIN replication_policy p ON p.id = e.vendor_id
       LEFT JOIN registry r ON r.id = COALESCE(NULLIF(p.src_registry_id, 0), p.dest_registry_id)
      WHERE t.id = $1 AND e.vendor_type = 'REPLICATION'`,
    [outcome.taskId],
  )) as Row[];
  const parameters = row?.task.parameters;
  if (!row || !parameters?.src_resource) return undefined;
  const push = !row.src_registry_id;
  const localRepository = push ? parameters.src_resource : (parameters.dst_resource ?? '');
  const [project] = (await dataSource.query(
    'SELECT project_id FROM project WHERE name = $1 AND NOT deleted',
    [localRepository.split('/')[0]],
  )) as { project_id: number }[];
  return {
    type: 'replication.finished',
    operator: row.execution_operator ?? '',
    projectId: project?.project_id ?? 0,
    executionId: outcome.executionId,
    taskId: outcome.taskId,
    status: outcome.status,
    trigger: row.execution_trigger,
    executionStartedAt: new Date(row.execution_start).toISOString(),
    policy: { description: row.description, creator: row.creator, override: row.override },
    direction: push ? 'push' : 'pull',
    remoteRegistry: {
      name: row.registry_name ?? '',
      type: row.registry_type ?? '',
      url: row.registry_url ?? '',
      credentialType: row.credential_type ?? '',
    },
    resourceType: row.task.resource_type ?? 'image',
    sourceResource: row.task.src_resource ?? parameters.src_resource,
    destinationResource: row.task.dst_resource ?? parameters.dst_resource ?? '',
    references: (row.task.references ?? '').split(',').filter((r) => r !== ''),
  };
}
