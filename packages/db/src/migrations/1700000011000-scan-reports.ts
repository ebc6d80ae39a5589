import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's scan_report: one per artifact digest, scanner registration and report type. Its status is
// its task's (`task_id`); the counts per severity are kept beside the report so lists read no report JSON.
export class ScanReports1700000011000 implements MigrationInterface {
  name = 'ScanReports1700000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scan_report (
        id SERIAL PRIMARY KEY,
        uuid varchar(64) NOT NULL UNIQUE,
        digest varchar(255) NOT NULL,
        registration_uuid varchar(64) NOT NULL,
        mime_type varchar(256) NOT NULL,
        task_id int,
        scanner jsonb,
        severity varchar(16) NOT NULL DEFAULT '',
        summary jsonb,
        fixable_cnt int NOT NULL DEFAULT 0,
        total_cnt int NOT NULL DEFAULT 0,
        report jsonb,
        start_time timestamptz,
        end_time timestamptz,
        UNIQUE (digest, registration_uuid, mime_type)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scan_report');
  }
}
