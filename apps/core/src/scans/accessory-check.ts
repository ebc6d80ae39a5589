import type { DataSource } from 'typeorm';

/**
 * Whether the artifact is an accessory of another (a signature, an SBOM...): Harbor never scans one,
 * nor generates its SBOM, on push.
 */
export async function isAccessory(dataSource: DataSource, artifactId: number): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(
    'SELECT 1 FROM artifact_accessory WHERE artifact_id = $1 LIMIT 1',
    [artifactId],
  );
  return rows.length > 0;
}
