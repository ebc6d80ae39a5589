/**
 * A run's `job_parameters` is a JSON string: the parameters it ran with and, once finished, what it
 * reported (GC: `freed_space`, `purged_blobs`, `purged_manifests`; log rotation: `purged_rows`).
 */
export interface RunParameters {
  dry_run?: boolean;
  delete_untagged?: boolean;
  workers?: number;
  time_window?: number;
  audit_retention_hour?: number;
  include_event_types?: string;
  freed_space?: number;
  purged_blobs?: number;
  purged_manifests?: number;
  purged_rows?: number;
}

/** Never throws: a missing or malformed value reads as no parameters. */
export function parseRunParameters(json: string | undefined): RunParameters {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as RunParameters) : {};
  } catch {
    return {};
  }
}
