import type { DataSource } from 'typeorm';
import type { JobContext } from '../../runner/job-handler.js';
import type { RegistryctlClient } from './registryctl-client.js';

/** What every step of one GC run shares: its context, its collaborators and the running totals. */
export interface GcRun {
  context: JobContext<'GARBAGE_COLLECTION'>;
  dataSource: DataSource;
  registryctl: RegistryctlClient;
  totals: GcTotals;
}

/** Harbor's execution attributes for a GC run. */
export interface GcTotals {
  freed_space: number;
  purged_blobs: number;
  purged_manifests: number;
  /** Untagged artifacts (with their accessories and children) deleted by delete_untagged. */
  deleted_artifacts?: number;
}

/** Harbor's size wording in GC logs ("1.50 MiB"). */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${(Math.trunc(value * 100) / 100).toFixed(2)} ${units[unit]}`;
}
