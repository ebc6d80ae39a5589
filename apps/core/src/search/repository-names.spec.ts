import { describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { RepositoryNames } from './repository-names.js';

/** A data source answering the names query with `rows` (already in name order, as Postgres sorts them). */
function namesFrom(version: string, rows: [number, number, string][]) {
  let loads = 0;
  const dataSource = {
    query: () => {
      loads++;
      if (rows.length === 0)
        return Promise.resolve([{ version, repository_id: null, project_id: null, name: null }]);
      return Promise.resolve(
        rows.map(([id, projectId, name]) => ({ version, repository_id: id, project_id: projectId, name })),
      );
    },
  } as unknown as DataSource;
  return { names: new RepositoryNames(dataSource), loads: () => loads };
}

describe('RepositoryNames', () => {
  const rows: [number, number, string][] = [
    [3, 1, 'library/alpine'],
    [1, 2, 'team/app'],
    [7, 2, 'team/app-app'],
    [5, 3, 'web/nginx'],
  ];

  it('matches substrings anywhere in a name, once per name, in name order', async () => {
    const { names } = namesFrom('4', rows);
    expect(await names.matching('app', 100)).toEqual({
      version: '4',
      ids: [1, 7],
      projectIds: [2, 2],
      names: ['team/app', 'team/app-app'],
    });
    expect(await names.matching('n', 100)).toEqual({
      version: '4',
      ids: [3, 5],
      projectIds: [1, 3],
      names: ['library/alpine', 'web/nginx'],
    });
    expect(await names.matching('library/alpine', 100)).toMatchObject({ ids: [3] });
    expect(await names.matching('z', 100)).toMatchObject({ ids: [], projectIds: [] });
  });

  it('keeps the first matches of the given projects only', async () => {
    const { names } = namesFrom('4', rows);
    expect(await names.matching('a', 2)).toMatchObject({ ids: [3, 1], projectIds: [1, 2] });
    expect(await names.matching('a', 100, new Set([2, 3]))).toMatchObject({ ids: [1, 7] });
    expect(await names.matching('a', 1, new Set([2, 3]))).toMatchObject({ ids: [1] });
    expect(await names.matching('n', 100, new Set([3]))).toMatchObject({ ids: [5], projectIds: [3] });
    expect(await names.matching('a', 100, new Set())).toMatchObject({ ids: [] });
  });

  it('never matches across two names', async () => {
    const { names } = namesFrom('4', rows);
    expect(await names.matching('alpineteam', 100)).toMatchObject({ ids: [] });
    expect(await names.matching('alpine\nteam', 100)).toMatchObject({ ids: [] });
  });

  it('answers from one load until told its version is outdated', async () => {
    const { names, loads } = namesFrom('4', rows);
    await Promise.all([names.matching('a', 100), names.matching('b', 100)]);
    await names.matching('c', 100);
    expect(loads()).toBe(1);
    names.outdated('3'); // another copy's version: this one stays
    await names.matching('a', 100);
    expect(loads()).toBe(1);
    names.outdated('4');
    await names.matching('a', 100);
    expect(loads()).toBe(2);
  });

  it('holds the version when there is no repository at all', async () => {
    const { names } = namesFrom('9', []);
    expect(await names.matching('a', 100)).toEqual({ version: '9', ids: [], projectIds: [], names: [] });
  });
});
