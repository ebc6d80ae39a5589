import type { DataSource } from 'typeorm';
import { listQuery } from '../common/prepared-query.js';
import type { SqlParams } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';

/**
 * One page of rows and the total for `X-Total-Count`, the two queries sent together so a listing waits
 * for the slower of them rather than both. `select` gets the LIMIT/OFFSET clause to append, and its two
 * placeholders for a statement that also limits a subquery.
 * `prepared`: both texts come from a small fixed set (see listQuery), so each is parsed once per connection;
 * `generic`: and planned once too (see preparedQuery).
 */
export async function pagedQuery<T>(
  dataSource: DataSource,
  query: {
    count: string;
    select: (limitOffset: string, window: { limit: string; offset: string }) => string;
    params: SqlParams;
    paging: Paging;
    prepared?: boolean;
    generic?: boolean;
  },
): Promise<{ items: T[]; total: number }> {
  const countParams = [...query.params.values];
  const window = {
    limit: query.params.add(query.paging.pageSize),
    offset: query.params.add(query.paging.offset),
  };
  const limitOffset = `LIMIT ${window.limit} OFFSET ${window.offset}`;
  const prepared = query.prepared ?? false;
  const options = { generic: query.generic };
  const [counted, items] = (await Promise.all([
    listQuery(dataSource, query.count, countParams, prepared, options),
    listQuery(dataSource, query.select(limitOffset, window), query.params.values, prepared, options),
  ])) as [{ count: number }[], T[]];
  return { items, total: counted[0]?.count ?? 0 };
}
