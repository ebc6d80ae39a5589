import type { MigrationInterface, QueryRunner } from 'typeorm';

// `GET /search` and the `name=~` filters match names with ILIKE '%keyword%', which no b-tree index serves.
// Trigram indexes do, but need the pg_trgm extension (trusted since Postgres 13, so a database owner may
// create it). Where it is not installed or not allowed, the indexes are skipped and matching stays a scan.
export class NameSearchIndexes1700000003000 implements MigrationInterface {
  name = 'NameSearchIndexes1700000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
          BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
          EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_trgm not created, name search stays a scan: %', SQLERRM;
          END;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          CREATE INDEX IF NOT EXISTS repository_name_trgm ON repository USING gin (name gin_trgm_ops);
          CREATE INDEX IF NOT EXISTS project_name_trgm ON project USING gin (name gin_trgm_ops);
        END IF;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS repository_name_trgm, project_name_trgm');
  }
}
