import type { MigrationInterface, QueryRunner } from 'typeorm';

// Accessory types as Harbor names them: its SBOM accessory is `sbom.harbor` (harbor-ts had stored
// `harbor.sbom`), and an in-toto attestation is a plain `subject.accessory` (harbor-ts had made up
// `build.attestation`). Clients filter accessories by type (`q=type=sbom.harbor`, Harbor's portal shows an
// artifact's SBOM by it), so rows pushed before this migration are renamed. Nydus accelerations pushed
// before it stay `subject.accessory`: telling them apart needs their manifests' layer annotations.
export class HarborAccessoryTypes1700000033000 implements MigrationInterface {
  name = 'HarborAccessoryTypes1700000033000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE artifact_accessory SET type = 'sbom.harbor' WHERE type = 'harbor.sbom'`);
    await q.query(
      `UPDATE artifact_accessory SET type = 'subject.accessory' WHERE type = 'build.attestation'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE artifact_accessory SET type = 'harbor.sbom' WHERE type = 'sbom.harbor'`);
  }
}
