import type { CoreEvent } from '@harbor-ts/events';

/** One row of Harbor's audit log. */
export interface AuditEntry {
  username: string;
  /** 0 for system-level resources (users, system robots, configuration). */
  projectId: number;
  resourceType: string;
  /** A name or id only; never a secret, password or token. */
  resource: string;
  operation: 'create' | 'update' | 'delete' | 'login' | 'logout' | 'pull' | 'push';
}

/** Harbor's audit resource for an artifact: `<repository>:<tag>`, or `<repository>@<digest>` untagged. */
export function artifactResource(repository: string, digest: string, tag: string | undefined): string {
  return tag ? `${repository}:${tag}` : `${repository}@${digest}`;
}

const OPERATIONS: Record<string, AuditEntry['operation']> = {
  created: 'create',
  updated: 'update',
  deleted: 'delete',
  logged_in: 'login',
  logged_out: 'logout',
};

/** Harbor names a member `project_member` in the log. */
const RESOURCE_TYPES: Record<string, string> = { member: 'project_member' };

/** The audit entry Harbor writes for an event, or undefined for events it does not audit (quota). */
export function auditEntryOf(event: CoreEvent): AuditEntry | undefined {
  const who = { username: event.operator, projectId: event.projectId };
  switch (event.type) {
    case 'artifact.pushed':
    case 'artifact.pulled':
    case 'artifact.deleted': {
      const operation = (
        { 'artifact.pushed': 'create', 'artifact.pulled': 'pull', 'artifact.deleted': 'delete' } as const
      )[event.type];
      const resource = artifactResource(event.repository, event.digest, event.tag);
      return { ...who, resourceType: 'artifact', resource, operation };
    }
    case 'tag.created':
      return {
        ...who,
        resourceType: 'tag',
        resource: `${event.repository}:${event.tag}`,
        operation: 'create',
      };
    case 'tag.deleted': {
      const resourceType = event.viaRegistry ? 'artifact' : 'tag';
      return { ...who, resourceType, resource: `${event.repository}:${event.tag}`, operation: 'delete' };
    }
    case 'quota.exceeded':
    case 'quota.warned':
    // Job outcomes: Harbor audits what a job deleted (artifact.deleted), not the job's end.
    case 'scan.completed':
    case 'scan.failed':
    case 'scan.stopped':
    case 'retention.finished':
    case 'replication.finished':
      return undefined;
    default: {
      const [kind = '', action = ''] = event.type.split('.');
      const operation = OPERATIONS[action];
      if (!operation) throw new Error(`no audit operation for ${event.type}`);
      return { ...who, resourceType: RESOURCE_TYPES[kind] ?? kind, resource: event.resource, operation };
    }
  }
}
