import type { DataSource } from 'typeorm';
import type { ArtifactRow } from '../artifacts/artifact-resolver.service.js';

export const isIndex = (artifact: { manifest_media_type: string }) =>
  artifact.manifest_media_type.includes('index') || artifact.manifest_media_type.includes('list');

/** The image manifests a scan of `artifact` covers: itself, or each image child of an index. */
export async function imagesOf(
  dataSource: DataSource,
  artifact: ArtifactRow,
): Promise<{ id: number; digest: string }[]> {
  if (!isIndex(artifact)) return [{ id: artifact.id, digest: artifact.digest }];
  return (await dataSource.query(
    `SELECT a.id, a.digest FROM artifact_reference ref JOIN artifact a ON a.id = ref.child_id
      WHERE ref.parent_id = $1 AND a.manifest_media_type NOT LIKE '%index%' AND a.manifest_media_type NOT LIKE '%list%'
      ORDER BY ref.id`,
    [artifact.id],
  )) as { id: number; digest: string }[];
}
