import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Every repository's id, project and name, in Postgres's name order, as of one `repository_name_version`. */
interface NameCopy {
  version: string;
  ids: number[];
  projectIds: number[];
  names: string[];
}

/** The repositories whose names matched, in name order, and the version of the names they were matched in. */
export interface NameMatches {
  version: string;
  ids: number[];
  projectIds: number[];
}

/**
 * Core's copy of the repository names, so search matches a keyword in memory (10,000 names in about
 * 0.1 ms) instead of by a trigram scan in Postgres (1.0–1.2 ms of a 1.8 ms search under load).
 *
 * The copy is loaded on the first search and whenever a search statement finds that
 * `repository_name_version` (moved by every insert or delete of a repository, see migration
 * 1700000032000) is no longer the copy's: the caller reads the version in the same statement as the rows
 * it answers with and calls `outdated`. Visibility is never decided here: the statement checks it against
 * the rows.
 */
@Injectable()
export class RepositoryNames {
  private copy?: NameCopy;
  private loading?: Promise<NameCopy>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The repositories whose names contain `needle` (names are lowercase: give it lowercase). */
  async matching(needle: string): Promise<NameMatches> {
    const copy = this.copy ?? (await this.load());
    const matches: NameMatches = { version: copy.version, ids: [], projectIds: [] };
    for (let i = 0; i < copy.names.length; i++) {
      if (!copy.names[i]!.includes(needle)) continue;
      matches.ids.push(copy.ids[i]!);
      matches.projectIds.push(copy.projectIds[i]!);
    }
    return matches;
  }

  /** A statement read another version than `version`: the copy of that version is dropped, and loaded again. */
  outdated(version: string): void {
    if (this.copy?.version === version) this.copy = undefined;
  }

  /** One statement, so the version and the names are of the same moment; concurrent searches share it. */
  private load(): Promise<NameCopy> {
    this.loading ??= (async () => {
      try {
        // The left join gives the version even when there is no repository at all.
        const rows = (await this.dataSource.query(
          `SELECT v.version::text AS version, r.repository_id, r.project_id, r.name
             FROM repository_name_version v LEFT JOIN repository r ON true ORDER BY r.name`,
        )) as { version: string; repository_id: number | null; project_id: number; name: string }[];
        const named = rows.filter((r) => r.repository_id !== null);
        this.copy = {
          version: rows[0]!.version,
          ids: named.map((r) => r.repository_id!),
          projectIds: named.map((r) => r.project_id),
          names: named.map((r) => r.name),
        };
        return this.copy;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
