import type { MigrationInterface, QueryRunner } from 'typeorm';

// Artifact and accessory types as Harbor names them (apps/core/src/artifacts/manifest-summary.ts), for the
// rows recorded before harbor-ts did:
// - an artifact recorded as UNKNOWN whose artifact type (its artifactType, or its config's media type) is one
//   of Harbor's processors' (WASM, CNCF ModelPack's CNAI) or a vendor config
//   `application/vnd.<vendor>.<type>.config.<version>+json` (Harbor's default processor: `<TYPE>`);
// - an index's artifact type is empty unless the index names one;
// - Harbor's SBOM accessory is `sbom.harbor` (harbor-ts had stored `harbor.sbom`), and an in-toto attestation
//   a plain `subject.accessory` (harbor-ts had made up `build.attestation`). Clients filter accessories by
//   type (`q=type=sbom.harbor`; Harbor's portal finds an artifact's SBOM by it).
// Nydus accelerations pushed before stay `subject.accessory`: telling them apart needs their manifests.
export class HarborArtifactTypes1700000033000 implements MigrationInterface {
  name = 'HarborArtifactTypes1700000033000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE artifact SET type = CASE artifact_type
          WHEN 'application/vnd.wasm.config.v1+json' THEN 'WASM'
          WHEN 'application/vnd.cncf.model.manifest.v1+json' THEN 'CNAI'
          ELSE upper(substring(artifact_type FROM '^application/vnd\\.[^.]*\\.(.*)\\.config\\.[^.]*\\+json$')) END
        WHERE type = 'UNKNOWN'
          AND (artifact_type IN ('application/vnd.wasm.config.v1+json', 'application/vnd.cncf.model.manifest.v1+json')
               OR artifact_type ~ '^application/vnd\\.[^.]*\\.(.*)\\.config\\.[^.]*\\+json$')`);
    // An index's artifact type is only what the index itself says (harbor-ts had repeated its media type).
    await q.query(`
      UPDATE artifact SET artifact_type = ''
        WHERE manifest_media_type IN ('application/vnd.oci.image.index.v1+json',
                                      'application/vnd.docker.distribution.manifest.list.v2+json')
          AND artifact_type = manifest_media_type`);
    await q.query(`UPDATE artifact_accessory SET type = 'sbom.harbor' WHERE type = 'harbor.sbom'`);
    await q.query(
      `UPDATE artifact_accessory SET type = 'subject.accessory' WHERE type = 'build.attestation'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE artifact_accessory SET type = 'harbor.sbom' WHERE type = 'sbom.harbor'`);
  }
}
