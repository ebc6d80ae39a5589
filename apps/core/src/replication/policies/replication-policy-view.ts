import type { RegistryView } from '../../registries/registry-view.js';
import type { ReplicationFilter, ReplicationTrigger } from './replication-policy.dto.js';

/** A `replication_policy` row; `trigger` and `filters` are JSON text as Harbor stores them. */
export interface ReplicationPolicyRow {
  id: number;
  name: string;
  description: string;
  creator: string;
  src_registry_id: number | null;
  dest_registry_id: number | null;
  dest_namespace: string;
  dest_namespace_replace_count: number;
  trigger: string;
  filters: string;
  replicate_deletion: boolean;
  override: boolean;
  enabled: boolean;
  speed_kb: number;
  copy_by_chunk: boolean;
  single_active_replication: boolean;
  creation_time: Date;
  update_time: Date;
}

function parsed<T>(text: string, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Harbor's `ReplicationPolicy` body: both sides as full registry objects (the local one is id 0),
 * `deletion` and `replicate_deletion` both carrying the flag, `speed` in KB/s.
 */
export function replicationPolicyView(
  row: ReplicationPolicyRow,
  registries: { src: RegistryView; dest: RegistryView },
) {
  const trigger = parsed<ReplicationTrigger | null>(row.trigger, null);
  const filters = parsed<ReplicationFilter[]>(row.filters, []);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    creator: row.creator,
    src_registry: registries.src,
    dest_registry: registries.dest,
    dest_namespace: row.dest_namespace,
    dest_namespace_replace_count: row.dest_namespace_replace_count,
    ...(trigger ? { trigger } : {}),
    ...(filters.length ? { filters } : {}),
    replicate_deletion: row.replicate_deletion,
    deletion: row.replicate_deletion,
    override: row.override,
    enabled: row.enabled,
    speed: row.speed_kb,
    copy_by_chunk: row.copy_by_chunk,
    single_active_replication: row.single_active_replication,
    creation_time: row.creation_time.toISOString(),
    update_time: row.update_time.toISOString(),
  };
}
