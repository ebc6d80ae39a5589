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
    expect(parseQ('name=~foo,id=[1~9],creation_time={a b},public=true', FIELDS)).toEqual([
      { field: 'name', kind: 'fuzzy', value: 'foo' },
      { field: 'id', kind: 'range', min: '1', max: '9' },
      { field: 'creation_time', kind: 'or', values: ['a', 'b'] },
      { field: 'public', kind: 'exact', value: 'true' },
    ]);
    expect(parseQ('name=(x y)', FIELDS)).toEqual([{ field: 'name', kind: 'and', values: ['x', 'y'] }]);
  });

  it('builds bound SQL, never splicing values', () => {
    expect(sql("name=~a'b%,id=[1~9]")).toEqual({
      where: '(p.name ILIKE $1) AND (p.project_id >= $2 AND p.project_id <= $3)',
      params: ["%a'b\\%%", 1, 9],
    });
    expect(sql('name={a b}')).toEqual({ where: '((p.name = $1 OR p.name = $2))', params: ['a', 'b'] });
    expect(sql('id=[~5]')).toEqual({ where: '(p.project_id <= $1)', params: [5] });
    expect(sql('name={}')).toEqual({ where: '(FALSE)', params: [] });
  });

  it('decodes q a second time, as Harbor does: %7E is ~, + is a space', () => {
    expect(parseQ('name=%7Efoo', FIELDS)).toEqual([{ field: 'name', kind: 'fuzzy', value: 'foo' }]);
    expect(parseQ('name=a+b%2Bc', FIELDS)).toEqual([{ field: 'name', kind: 'exact', value: 'a b+c' }]);
    expect(parseQ('name=100%', FIELDS)).toEqual([{ field: 'name', kind: 'exact', value: '100%' }]);
  });

  it('reads items as Harbor does: trimmed, quotes stripped, a leading backslash escaping', () => {
    expect(parseQ(`name={ 'a'  "b" }`, FIELDS)).toEqual([{ field: 'name', kind: 'or', values: ['a', 'b'] }]);
    expect(parseQ('id=[ 1 ~ 9 ]', FIELDS)).toEqual([{ field: 'id', kind: 'range', min: '1', max: '9' }]);
    expect(parseQ('name=\\~x', FIELDS)).toEqual([{ field: 'name', kind: 'exact', value: '~x' }]);
  });

  it('keeps the last value of a key given twice', () => {
    expect(parseQ('name=a,name=b', FIELDS)).toEqual([{ field: 'name', kind: 'exact', value: 'b' }]);
  });

  it('ignores keys the resource does not have (secrets included) and and-lists on plain columns', () => {
    expect(parseQ('password=x,salt=~a,secret=1', FIELDS)).toEqual([]);
    expect(parseQ('name; DROP TABLE x=1', FIELDS)).toEqual([]);
    expect(sql('name=(a b)')).toEqual({ where: '(TRUE)', params: [] });
  });

  it.each([
    ['noequals', 'the query string must contain "=" and the key/value cannot be empty'],
    ['name=', 'the query string must contain "=" and the key/value cannot be empty'],
    ['=x', 'the query string must contain "=" and the key/value cannot be empty'],
    ['name=a,', 'the query string must contain "=" and the key/value cannot be empty'],
    ['name=~', 'invalid query string value: ~'],
    ['id=[1~', 'invalid query string value: [1~'],
    ['id=[1~2~3]', 'invalid query string value: [1~2~3]'],
    ['id=[~]', 'invalid query string value: [~]'],
    ['name={a b', 'invalid query string value: {a b'],
    ['name={a,b}', 'invalid query string value: {a'],
    ['name=(a', 'invalid query string value: (a'],
    ['secret=(a', 'invalid query string value: (a'],
  ])('refuses %s with 400 and Harbor’s message', (q, message) => {
    try {
      parseQ(q, FIELDS);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HarborError);
      expect((error as HarborError).status).toBe(400);
      expect((error as HarborError).message).toBe(message);
    }
  });

  it('refuses values of the wrong type', () => {
    expect(() => sql('id=abc')).toThrow(/id must be a number/);
    expect(() => sql('id=1.5')).toThrow(/id must be a number/);
    expect(() => sql('public=maybe')).toThrow(/true or false/);
    expect(() => sql('id=~1')).toThrow(/fuzzy/);
  });

  it('reads a time without a zone as UTC, as Harbor does', () => {
    expect(sql('creation_time=[2024-01-02T03:04:05~]').params).toEqual([new Date('2024-01-02T03:04:05Z')]);
  });

  it('matches field names in any case and in snake case, as Harbor does for Level/ProjectID', () => {
    expect(parseQ('NAME=x', FIELDS)).toEqual([{ field: 'name', kind: 'exact', value: 'x' }]);
    expect(parseQ('CreationTime=[1~]', FIELDS)).toEqual([
      { field: 'creation_time', kind: 'range', min: '1' },
    ]);
  });
});

describe('sort parser', () => {
  it('parses direction and builds ORDER BY over allowlisted columns only', () => {
    const keys = parseSort('-creation_time,name', FIELDS);
    expect(keys).toEqual([
      { field: 'creation_time', descending: true },
      { field: 'name', descending: false },
    ]);
    expect(orderSql(keys, FIELDS, 'p.project_id')).toBe(
      'ORDER BY p.creation_time DESC, p.name ASC, p.project_id',
    );
    expect(orderSql([], FIELDS, 'p.project_id', 'p.name')).toBe('ORDER BY p.name, p.project_id');
    expect(orderSql(keys.slice(1), FIELDS, 'p.project_id', 'p.name')).toBe(
      'ORDER BY p.name ASC, p.project_id',
    );
  });

  it('skips unknown and unsortable fields, as Harbor does', () => {
    expect(parseSort('-password,public,name,', FIELDS)).toEqual([{ field: 'name', descending: false }]);
    expect(parseSort('-', FIELDS)).toEqual([]);
  });
});

describe('paging', () => {
  it('defaults to page 1 of 10 and refuses page_size above 100', () => {
    expect(parsePaging({})).toEqual({ page: 1, pageSize: 10, offset: 0 });
    expect(parsePaging({ page: '3', page_size: '100' })).toEqual({ page: 3, pageSize: 100, offset: 200 });
    expect(() => parsePaging({ page_size: '101' })).toThrow(/less than or equal to 100/);
    expect(() => parsePaging({ page: '0' })).toThrow(/page must be/);
  });
});
