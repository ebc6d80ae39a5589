import type { MigrationInterface, QueryRunner } from 'typeorm';

// A project's `repo_count` (project lists, search, statistics) is kept on the row instead of counted per
// request: `GET /statistics` counted all repositories of all projects every time (1.3 ms of Postgres a
// request on 10,000 repositories, twice what the rest of the request cost).
//
// Every statement that inserts or deletes repositories, or moves one to another project, recounts the
// projects it touched, exactly, in its own transaction: the project rows are locked first (in id order) and
// counted by the next statement, whose snapshot then holds what a concurrent writer committed meanwhile.
// A push's upsert of an existing repository inserts nothing and recounts nothing.
export class ProjectRepoCount1700000034000 implements MigrationInterface {
  name = 'ProjectRepoCount1700000034000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      LOCK TABLE repository IN SHARE MODE;
      ALTER TABLE project ADD COLUMN repo_count int NOT NULL DEFAULT 0;
      UPDATE project p SET repo_count = (SELECT count(*) FROM repository r WHERE r.project_id = p.project_id);

      CREATE FUNCTION project_repo_recount(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(ids) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM project WHERE project_id = ANY(ids) ORDER BY project_id FOR NO KEY UPDATE;
        UPDATE project p SET repo_count = c.n
          FROM (SELECT t.pid, (SELECT count(*) FROM repository r WHERE r.project_id = t.pid) AS n
                  FROM unnest(ids) AS t(pid)) c
         WHERE p.project_id = c.pid AND p.repo_count <> c.n;
      END $$;

      CREATE FUNCTION project_repo_recount_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM project_repo_recount(ARRAY(SELECT DISTINCT project_id FROM changed ORDER BY project_id));
        RETURN NULL;
      END $$;
      CREATE TRIGGER project_repo_count_insert AFTER INSERT ON repository
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION project_repo_recount_on_change();
      CREATE TRIGGER project_repo_count_delete AFTER DELETE ON repository
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION project_repo_recount_on_change();

      -- Nothing moves a repository to another project today; should anything, both counts follow.
      CREATE FUNCTION project_repo_recount_on_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM project_repo_recount(ARRAY(SELECT DISTINCT unnest(ARRAY[OLD.project_id, NEW.project_id]) ORDER BY 1));
        RETURN NULL;
      END $$;
      CREATE TRIGGER project_repo_count_move AFTER UPDATE OF project_id ON repository
        FOR EACH ROW WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id)
        EXECUTE FUNCTION project_repo_recount_on_move();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER project_repo_count_insert ON repository;
      DROP TRIGGER project_repo_count_delete ON repository;
      DROP TRIGGER project_repo_count_move ON repository;
      DROP FUNCTION project_repo_recount_on_change(), project_repo_recount_on_move(), project_repo_recount(int[]);
      ALTER TABLE project DROP COLUMN repo_count;
    `);
  }
}
