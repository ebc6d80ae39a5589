import { doublestarMatch } from '@harbor-ts/selectors';

/** A policy row as the event trigger reads it. */
export interface EventPolicyRow {
  id: number;
  trigger: string;
  filters: string;
  src_registry_id: number | null;
  replicate_deletion: boolean;
}

/** The artifact an event names, as Harbor's replication event carries it. */
export interface EventArtifact {
  repository: string;
  digest: string;
  tags: string[];
  labels: string[];
  /** Harbor's artifact type; unknown (undefined) once the artifact is deleted. */
  type?: string;
  deleted: boolean;
}

interface Filter {
  type?: string;
  value?: unknown;
  decoration?: string;
}

function parse<T>(text: string, fallback: T): T {
  try {
    return (JSON.parse(text || 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * Harbor's getRelatedPolicies for one event: an event-based policy whose source is this instance,
 * that replicates deletions when the event is one, and whose filters select the artifact. Returns the
 * tags the tag filters kept (the job copies just those), or undefined when the policy does not apply.
 * The same filter rules as the job's launcher (apps/jobservice replication-filters), applied to one artifact.
 */
export function eventSelection(policy: EventPolicyRow, artifact: EventArtifact): string[] | undefined {
  if (parse<{ type?: string }>(policy.trigger, {}).type !== 'event_based') return undefined;
  if (policy.src_registry_id) return undefined;
  if (artifact.deleted && !policy.replicate_deletion) return undefined;
  let tags = artifact.tags;
  for (const filter of parse<Filter[]>(policy.filters, [])) {
    const excludes = filter.decoration === 'excludes';
    const value = filter.value;
    if (filter.type === 'name' && typeof value === 'string' && value !== '') {
      if (doublestarMatch(value, artifact.repository) === excludes) return undefined;
    } else if (filter.type === 'tag' && typeof value === 'string' && value !== '') {
      if (tags.length === 0) {
        // An untagged artifact is matched as the empty tag.
        if (doublestarMatch(value, '') === excludes) return undefined;
      } else {
        tags = tags.filter((tag) => doublestarMatch(value, tag) !== excludes);
        if (tags.length === 0) return undefined;
      }
    } else if (filter.type === 'label' && Array.isArray(value) && value.length > 0) {
      const all = (value as string[]).every((label) => artifact.labels.includes(label));
      if (all === excludes) return undefined;
    } else if (filter.type === 'resource' && value === 'image') {
      if (artifact.type !== undefined && artifact.type !== 'IMAGE') return undefined;
    }
  }
  return tags;
}
