import { describe, expect, it } from 'vitest';
import { HarborError } from '@harbor-ts/errors';
import { orderSql, parseQ, parseSort, SqlParams, whereSql, type QueryFields } from './list-query.js';
import { parsePaging } from './paging.js';

const FIELDS: QueryFields = {
  name: { column: 'p.name', type: 'string' },
  id: { column: 'p.project_id', type: 'number' },
  public: { column: 'p.public', type: 'boolean', sortable: false },
  creation_time: { column: 'p.creation_time', type: 'time' },
};

function sql(q: string) {
  const params = new SqlParams();
  return { where: whereSql(parseQ(q, FIELDS), FIELDS, params), params: params.values };
}

describe('q parser', () => {
  it('parses exact, fuzzy, range and lists', () => {
    expect(parseQ('name=~foo,id=[1~9],name={a b},name=(x y),public=true', FIELDS)).toEqual([
      { field: 'name', kind: 'fuzzy', value: 'foo' },
      { field: 'id', kind: 'range', min: '1', max: '9' },
      { field: 'name', kind: 'or', values: ['a', 'b'] },
      { field: 'name', kind: 'and', values: ['x', 'y'] },
      { field: 'public', kind: 'exact', value: 'true' },
    ]);
  });

  it('builds bound SQL, never splicing values', () => {
    expect(sql("name=~a'b%,id=[1~9]")).toEqual({
      where: '(p.name ILIKE $1) AND (p.project_id >= $2 AND p.project_id <= $3)',
      params: ["%a'b\\%%", 1, 9],
    });
    expect(sql('name={a b}')).toEqual({ where: '((p.name = $1 OR p.name = $2))', params: ['a', 'b'] });
    expect(sql('id=[~5]')).toEqual({ where: '(p.project_id <= $1)', params: [5] });
  });

  it.each(['password=x', 'salt=~a', 'secret=1', "name; DROP TABLE x=1", 'noequals'])('refuses %s with 400', (q) => {
    expect(() => parseQ(q, FIELDS)).toThrow(HarborError);
    try {
      parseQ(q, FIELDS);
    } catch (error) {
      expect((error as HarborError).status).toBe(400);
    }
  });

  it('refuses values of the wrong type', () => {
    expect(() => sql('id=abc')).toThrow(/id must be a number/);
    expect(() => sql('public=maybe')).toThrow(/true or false/);
    expect(() => sql('id=~1')).toThrow(/fuzzy/);
  });

  it('matches field names case-insensitively, as Harbor does for Level/ProjectID', () => {
    expect(parseQ('NAME=x', FIELDS)).toEqual([{ field: 'name', kind: 'exact', value: 'x' }]);
  });
});

describe('sort parser', () => {
  it('parses direction and builds ORDER BY over allowlisted columns only', () => {
    const keys = parseSort('-creation_time,name', FIELDS);
    expect(keys).toEqual([
      { field: 'creation_time', descending: true },
      { field: 'name', descending: false },
    ]);
    expect(orderSql(keys, FIELDS, 'p.project_id')).toBe('ORDER BY p.creation_time DESC, p.name ASC, p.project_id');
    expect(orderSql([], FIELDS, 'p.project_id', 'p.name')).toBe('ORDER BY p.name, p.project_id');
    expect(orderSql(keys.slice(1), FIELDS, 'p.project_id', 'p.name')).toBe('ORDER BY p.name ASC, p.project_id');
  });

  it('refuses unknown and unsortable fields', () => {
    expect(() => parseSort('-password', FIELDS)).toThrow(/unsupported field/);
    expect(() => parseSort('public', FIELDS)).toThrow(/not sortable/);
  });
});

describe('paging', () => {
  it('defaults to page 1 of 10 and refuses page_size above 100', () => {
    expect(parsePaging({})).toEqual({ page: 1, pageSize: 10, offset: 0 });
    expect(parsePaging({ page: '3', page_size: '100' })).toEqual({ page: 3, pageSize: 100, offset: 200 });
    expect(() => parsePaging({ page_size: '101' })).toThrow(/at most 100/);
    expect(() => parsePaging({ page: '0' })).toThrow(/page must be/);
  });
});
