import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's scanner_registration table, and the scanner each project chose. `access_cred` holds the credential sealed with the instance's
// secret key (never the plain value); `immutable` marks the bundled adapter that install registers.
export class ScannerRegistrations1700000010000 implements MigrationInterface {
  name = 'ScannerRegistrations1700000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scanner_registration (
        id SERIAL PRIMARY KEY,
        uuid varchar(64) NOT NULL UNIQUE,
        url varchar(512) NOT NULL UNIQUE,
        name varchar(128) NOT NULL UNIQUE,
        description varchar(1024) NOT NULL DEFAULT '',
        auth varchar(16) NOT NULL DEFAULT '',
        access_cred varchar(1024),
        disabled boolean NOT NULL DEFAULT false,
        is_default boolean NOT NULL DEFAULT false,
        use_internal_addr boolean NOT NULL DEFAULT false,
        immutable boolean NOT NULL DEFAULT false,
        skip_cert_verify boolean NOT NULL DEFAULT false,
        create_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one default, enforced by the database rather than by care.
    await q.query(
      'CREATE UNIQUE INDEX scanner_registration_one_default ON scanner_registration (is_default) WHERE is_default',
    );
    // A project's own scanner (Harbor keeps it as project metadata `projectScanner`); it goes with
    // either side, so a deleted registration leaves the project on the default.
    await q.query(`
      CREATE TABLE project_scanner (
        project_id int PRIMARY KEY REFERENCES project (project_id) ON DELETE CASCADE,
        registration_uuid varchar(64) NOT NULL REFERENCES scanner_registration (uuid) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE project_scanner');
    await q.query('DROP TABLE scanner_registration');
  }
}
