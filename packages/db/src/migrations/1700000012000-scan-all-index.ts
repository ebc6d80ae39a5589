import type { MigrationInterface, QueryRunner } from 'typeorm';

// A scan-all run tags each scan it starts with its own execution id (`extra_attrs.scan_all_id`); its
// metrics and its stop find those scans through this index.
export class ScanAllIndex1700000012000 implements MigrationInterface {
  name = 'ScanAllIndex1700000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX execution_scan_all_id ON execution (((extra_attrs->>'scan_all_id')::int))
      WHERE vendor_type = 'IMAGE_SCAN' AND extra_attrs ? 'scan_all_id'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX execution_scan_all_id');
  }
}
