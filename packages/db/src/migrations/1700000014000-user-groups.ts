import type { MigrationInterface, QueryRunner } from 'typeorm';

// Harbor's user_group (1 LDAP, 2 HTTP, 3 OIDC), plus what Harbor keeps only in a session: the groups a
// directory or OIDC sign-in last reported for a user, and whether one of them is the admin group. They
// are stored so basic auth, docker tokens and every core process see the same memberships; each sign-in
// against the directory or the provider replaces them.
export class UserGroups1700000014000 implements MigrationInterface {
  name = 'UserGroups1700000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_group (
        id SERIAL PRIMARY KEY,
        group_name varchar(255) NOT NULL,
        group_type smallint NOT NULL CHECK (group_type IN (1, 2, 3)),
        ldap_group_dn varchar(512) NOT NULL DEFAULT '',
        creation_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      )`);
    // An LDAP group is its DN (DNs compare case-insensitively); other groups are their name.
    await q.query(
      `CREATE UNIQUE INDEX user_group_ldap_dn ON user_group (lower(ldap_group_dn)) WHERE group_type = 1`,
    );
    await q.query(
      `CREATE UNIQUE INDEX user_group_name ON user_group (group_name, group_type) WHERE group_type <> 1`,
    );
    await q.query(`
      CREATE TABLE user_group_membership (
        user_id int NOT NULL REFERENCES harbor_user(user_id) ON DELETE CASCADE,
        group_id int NOT NULL REFERENCES user_group(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, group_id)
      )`);
    await q.query(`ALTER TABLE harbor_user ADD COLUMN admin_role_in_auth boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE harbor_user DROP COLUMN admin_role_in_auth`);
    await q.query(`DROP TABLE user_group_membership, user_group`);
  }
}
