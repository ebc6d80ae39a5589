import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's `Registry.ca_certificate`: a PEM bundle trusted for that registry's TLS only, so a remote with
// a private CA is verified instead of being called `insecure`. A certificate is public: stored as is.
export class RegistryCaCertificate1700000029000 implements MigrationInterface {
  name = 'RegistryCaCertificate1700000029000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registry ADD COLUMN ca_certificate text NOT NULL DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE registry DROP COLUMN ca_certificate');
  }
}
