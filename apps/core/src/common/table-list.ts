import type { DataSource } from 'typeorm';
import { pagedQuery } from '../repositories/paged-query.js';
import { containsPattern, orderSql, parseQ, parseSort, SqlParams, whereSql, type QueryFields } from './list-query.js';
import type { Paging } from './paging.js';

/**
 * Harbor's list of one table: `q` and `sort` over `fields`, plus the legacy `name` parameter as a fuzzy
 * match (registries, replication policies), one page and the total. `defaultOrder` is Harbor's order
 * when the caller gives no sort; `tieBreak` keeps pages stable.
 */
export function listTable<Row>(
  dataSource: DataSource,
  table: string,
  fields: QueryFields,
  filter: Record<string, string | undefined>,
  paging: Paging,
  order: { tieBreak: string; defaultOrder: string },
): Promise<{ items: Row[]; total: number }> {
  const params = new SqlParams();
  const conditions = [whereSql(parseQ(filter.q, fields), fields, params)];
  if (filter.name) conditions.push(`name ILIKE ${params.add(containsPattern(filter.name))}`);
  const where = conditions.join(' AND ');
  const orderBy = orderSql(parseSort(filter.sort, fields), fields, order.tieBreak, order.defaultOrder);
  return pagedQuery<Row>(dataSource, {
    count: `SELECT count(*)::int AS count FROM ${table} WHERE ${where}`,
    select: (limitOffset) => `SELECT * FROM ${table} WHERE ${where} ${orderBy} ${limitOffset}`,
    params,
    paging,
  });
}
