import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's oidc_user: the provider identity (sub + iss) behind a user, their CLI secret for docker login
// and the provider's last tokens, both sealed with the instance's secret key.
export class OidcUsers1700000015000 implements MigrationInterface {
  name = 'OidcUsers1700000015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oidc_user (
        id SERIAL PRIMARY KEY,
        user_id int NOT NULL UNIQUE REFERENCES harbor_user(user_id) ON DELETE CASCADE,
        secret text NOT NULL,
        subiss varchar(512) NOT NULL UNIQUE,
        token text NOT NULL DEFAULT '',
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE oidc_user');
  }
}
