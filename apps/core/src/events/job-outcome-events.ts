import type { DataSource } from 'typeorm';
import type { JobArtifactDeleted, NewCoreEvent, TaskFinished } from '@harbor-ts/events';
import { replicationFinished } from '../replication/events/replication-finished.js';
import { SBOM_OVERVIEW_COLUMN } from '../scans/sbom-overview.js';
import { SCAN_OVERVIEW_COLUMN } from '../scans/scan-overview.js';

/**
 * Turns what jobservice reports (job-outcome stream) into core events, reading what the event needs
 * from Postgres, where jobservice committed it before writing the entry. Undefined when the outcome
 * announces nothing (a task type nobody listens to, a dry run, an artifact gone meanwhile).
 */
export class JobOutcomeEvents {
  constructor(private readonly dataSource: DataSource) {}

  artifactDeleted(outcome: JobArtifactDeleted): NewCoreEvent {
    const { operator, projectId, repository, digest, tags } = outcome;
    // Harbor's artifact webhook names the first tag of a deleted artifact.
    return { type: 'artifact.deleted', operator, projectId, repository, digest, tag: tags[0] };
  }

  async taskFinished(outcome: TaskFinished): Promise<NewCoreEvent | undefined> {
    if (outcome.vendorType === 'IMAGE_SCAN') return this.scanFinished(outcome);
    if (outcome.vendorType === 'RETENTION' && outcome.status === 'Success')
      return this.retentionFinished(outcome);
    if (outcome.vendorType === 'REPLICATION') return replicationFinished(this.dataSource, outcome);
    return undefined;
  }

  /** Harbor's SCANNING_COMPLETED/FAILED/STOPPED: the scanned image with its scan (or SBOM) overview. */
  private async scanFinished(outcome: TaskFinished): Promise<NewCoreEvent | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT a.project_id, a.repository_name, a.digest, e.extra_attrs->>'operator' AS operator,
              (SELECT name FROM tag WHERE artifact_id = a.id ORDER BY push_time DESC, id DESC LIMIT 1) AS tag,
              t.extra_attrs->'parameters'->>'scan_type' AS scan_type,
              ${SCAN_OVERVIEW_COLUMN}, ${SBOM_OVERVIEW_COLUMN}
         FROM task t JOIN execution e ON e.id = t.execution_id
         JOIN artifact a ON a.id = (t.extra_attrs->'parameters'->>'artifact_id')::int
        WHERE t.id = $1`,
      [outcome.taskId],
    )) as {
      project_id: number;
      repository_name: string;
      digest: string;
      operator: string | null;
      tag: string | null;
      scan_type: string | null;
      related_scan_overview: Record<string, unknown> | null;
      related_sbom_overview: Record<string, unknown> | null;
    }[];
    if (!row) return undefined;
    const type = ({ Success: 'scan.completed', Error: 'scan.failed', Stopped: 'scan.stopped' } as const)[
      outcome.status
    ];
    return {
      type,
      operator: row.operator ?? '',
      projectId: row.project_id,
      repository: row.repository_name,
      digest: row.digest,
      ...(row.tag ? { tag: row.tag } : {}),
      ...(row.scan_type === 'sbom'
        ? { scanType: 'sbom', scanOverview: {}, sbomOverview: row.related_sbom_overview ?? {} }
        : { scanType: 'vulnerability', scanOverview: row.related_scan_overview ?? {} }),
    };
  }

  /** Harbor's TAG_RETENTION: one per repository task that deleted something, never for a dry run. */
  private async retentionFinished(outcome: TaskFinished): Promise<NewCoreEvent | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT t.extra_attrs AS task, e.extra_attrs AS execution, e.vendor_id AS policy_id,
              p.project_id, p.name AS project_name, rp.data
         FROM task t JOIN execution e ON e.id = t.execution_id
         JOIN retention_policy rp ON rp.id = e.vendor_id
         JOIN project p ON p.project_id = rp.scope_reference
        WHERE t.id = $1`,
      [outcome.taskId],
    )) as {
      task: RetentionTaskAttrs;
      execution: { operator?: string };
      policy_id: number;
      project_id: number;
      project_name: string;
      data: string;
    }[];
    if (!row || row.task.repository === undefined || row.task.dry_run === true) return undefined;
    const deleted = row.task.deleted ?? [];
    if (deleted.length === 0) return undefined;
    const policy = JSON.parse(row.data) as { rules?: Record<string, unknown>[] };
    return {
      type: 'retention.finished',
      operator: row.execution.operator ?? '',
      projectId: row.project_id,
      projectName: row.project_name,
      executionId: outcome.executionId,
      taskId: outcome.taskId,
      policyId: row.policy_id,
      total: row.task.total ?? 0,
      retained: row.task.retained ?? 0,
      status: 'SUCCESS',
      deleted,
      rules: policy.rules ?? [],
    };
  }
}

/** What the retention job keeps in a repository task's `extra_attrs`. */
interface RetentionTaskAttrs {
  repository?: string;
  dry_run?: boolean;
  total?: number;
  retained?: number;
  deleted?: { repository: string; digest: string; tags: string[] }[];
}
