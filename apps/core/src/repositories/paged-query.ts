import type { DataSource } from 'typeorm';
import type { SqlParams } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';

/**
 * One page of rows and the total for `X-Total-Count`, the two queries sent together so a listing waits
 * for the slower of them rather than both. `select` gets the LIMIT/OFFSET placeholders appended.
 */
export async function pagedQuery<T>(
  dataSource: DataSource,
  query: { count: string; select: (limitOffset: string) => string; params: SqlParams; paging: Paging },
): Promise<{ items: T[]; total: number }> {
  const countParams = [...query.params.values];
  const limitOffset = `LIMIT ${query.params.add(query.paging.pageSize)} OFFSET ${query.params.add(query.paging.offset)}`;
  const [counted, items] = (await Promise.all([
    dataSource.query(query.count, countParams),
    dataSource.query(query.select(limitOffset), query.params.values),
  ])) as [{ count: number }[], T[]];
  return { items, total: counted[0]?.count ?? 0 };
}
