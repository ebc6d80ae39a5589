import type { DataSource } from 'typeorm';
import type { RegistryRow } from '../registries/registry-view.js';

/** A proxy project's `summary.registry`, as Harbor shows it: the registry without its credential. */
export async function proxyRegistrySummary(dataSource: DataSource, registryId: number) {
  if (registryId <= 0) return undefined;
  const [row] = (await dataSource.query('SELECT * FROM registry WHERE id = $1', [
    registryId,
  ])) as RegistryRow[];
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    type: row.type,
    insecure: row.insecure,
    description: row.description,
    status: row.health,
    creation_time: row.creation_time.toISOString(),
    update_time: row.update_time.toISOString(),
  };
}
