import type { MigrationInterface, QueryRunner } from 'typeorm';

// Search matches repository names in core's memory (apps/core/src/search/repository-names.ts) and asks
// Postgres only for the visible rows among the matches: a trigram scan of every name cost most of a search.
// `repository_name_version` tells core whether its copy of the names is current: a repository inserted or
// deleted moves it, in the same transaction, so a statement that reads the version reads the names it
// describes. Only statements that really insert or delete a repository move it (a push's upsert of an
// existing repository does not), so concurrent pushes to existing repositories never wait on its row.
export class RepositoryNameVersion1700000032000 implements MigrationInterface {
  name = 'RepositoryNameVersion1700000032000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE repository_name_version (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        version bigint NOT NULL
      );
      INSERT INTO repository_name_version (version) VALUES (1);

      CREATE FUNCTION repository_name_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM changed) THEN
          UPDATE repository_name_version SET version = version + 1;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER repository_name_version_insert AFTER INSERT ON repository
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION repository_name_version_bump();
      CREATE TRIGGER repository_name_version_delete AFTER DELETE ON repository
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION repository_name_version_bump();
      -- Nothing renames or moves a repository today; should anything, the names in memory follow.
      CREATE FUNCTION repository_name_version_bump_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE repository_name_version SET version = version + 1;
        RETURN NULL;
      END $$;
      CREATE TRIGGER repository_name_version_update AFTER UPDATE OF name, project_id ON repository
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.project_id IS DISTINCT FROM NEW.project_id)
        EXECUTE FUNCTION repository_name_version_bump_row();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER repository_name_version_insert ON repository;
      DROP TRIGGER repository_name_version_delete ON repository;
      DROP TRIGGER repository_name_version_update ON repository;
      DROP FUNCTION repository_name_version_bump(), repository_name_version_bump_row();
      DROP TABLE repository_name_version;
    `);
  }
}
