import type { MigrationInterface, QueryRunner } from 'typeorm';

// An artifact's `tag_count` (the total of its tag list without `q`) is kept on the row instead of counted
// per request: a page of the tags of an artifact with 5,000 of them spent most of its Postgres time
// counting them.
//
// Every statement that inserts or deletes tags, or moves one to another artifact, recounts the artifacts
// it touched, exactly, in its own transaction: the artifact rows are locked first (in id order) and counted
// by the next statement, whose snapshot then holds what a concurrent writer committed meanwhile. The
// triggers are named to fire after repository_artifact_count's (triggers of one event fire in name order),
// so a tag statement locks its repository before its artifact, as a push does (it upserts the repository
// first) and a pull does (it updates the repository first).
export class ArtifactTagCount1700000035000 implements MigrationInterface {
  name = 'ArtifactTagCount1700000035000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      LOCK TABLE tag IN SHARE MODE;
      ALTER TABLE artifact ADD COLUMN tag_count int NOT NULL DEFAULT 0;
      UPDATE artifact a SET tag_count = c.n
        FROM (SELECT artifact_id, count(*)::int AS n FROM tag GROUP BY artifact_id) c
       WHERE a.id = c.artifact_id;

      CREATE FUNCTION artifact_tag_recount(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(ids) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM artifact WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
        UPDATE artifact a SET tag_count = c.n
          FROM (SELECT t.aid, (SELECT count(*) FROM tag g WHERE g.artifact_id = t.aid) AS n
                  FROM unnest(ids) AS t(aid)) c
         WHERE a.id = c.aid AND a.tag_count <> c.n;
      END $$;

      CREATE FUNCTION artifact_tag_recount_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM artifact_tag_recount(ARRAY(SELECT DISTINCT artifact_id FROM changed ORDER BY artifact_id));
        RETURN NULL;
      END $$;
      CREATE TRIGGER upkeep_artifact_tag_count_insert AFTER INSERT ON tag
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION artifact_tag_recount_on_change();
      CREATE TRIGGER upkeep_artifact_tag_count_delete AFTER DELETE ON tag
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION artifact_tag_recount_on_change();

      CREATE FUNCTION artifact_tag_recount_on_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM artifact_tag_recount(ARRAY(SELECT DISTINCT unnest(ARRAY[OLD.artifact_id, NEW.artifact_id]) ORDER BY 1));
        RETURN NULL;
      END $$;
      CREATE TRIGGER upkeep_artifact_tag_count_move AFTER UPDATE OF artifact_id ON tag
        FOR EACH ROW WHEN (OLD.artifact_id IS DISTINCT FROM NEW.artifact_id)
        EXECUTE FUNCTION artifact_tag_recount_on_move();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER upkeep_artifact_tag_count_insert ON tag;
      DROP TRIGGER upkeep_artifact_tag_count_delete ON tag;
      DROP TRIGGER upkeep_artifact_tag_count_move ON tag;
      DROP FUNCTION artifact_tag_recount_on_change(), artifact_tag_recount_on_move(), artifact_tag_recount(int[]);
      ALTER TABLE artifact DROP COLUMN tag_count;
    `);
  }
}
