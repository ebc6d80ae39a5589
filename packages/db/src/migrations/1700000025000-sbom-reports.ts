import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's sbom_report: one per artifact, scanner registration, report type and SBOM format. `report`
// is Harbor's SBOM summary (start and end time, duration, scan_status, the accessory's repository and
// digest, the scanner); the SBOM itself lives in the registry as the artifact's `sbom.harbor` accessory.
// The row goes with its artifact, as its accessory does.
export class SbomReports1700000025000 implements MigrationInterface {
  name = 'SbomReports1700000025000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sbom_report (
        id SERIAL PRIMARY KEY,
        uuid varchar(64) NOT NULL UNIQUE,
        artifact_id int NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
        registration_uuid varchar(64) NOT NULL,
        mime_type varchar(256) NOT NULL,
        media_type varchar(256) NOT NULL,
        task_id int,
        report jsonb,
        start_time timestamptz,
        end_time timestamptz,
        UNIQUE (artifact_id, registration_uuid, mime_type, media_type)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sbom_report');
  }
}
