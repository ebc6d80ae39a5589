import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export interface Paging {
  page: number;
  pageSize: number;
  offset: number;
}

function positiveInt(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw HarborError.badRequest(`${name} must be a positive integer`);
  return value;
}

/**
 * Harbor's paging: page from 1, page_size 10 by default and at most 100. A larger page_size is refused,
 * not clamped, with the 422 go-swagger gives for the swagger's `maximum: 100`.
 */
export function parsePaging(query: { page?: unknown; page_size?: unknown }): Paging {
  const page = positiveInt('page', query.page, 1);
  const pageSize = positiveInt('page_size', query.page_size, DEFAULT_PAGE_SIZE);
  if (pageSize > MAX_PAGE_SIZE)
    throw new HarborError(
      HarborErrorCode.UNPROCESSABLE_ENTITY,
      `validation failure list:\npage_size in query should be less than or equal to ${MAX_PAGE_SIZE}`,
    );
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * `X-Total-Count`, and a `Link` header with prev/next pages keeping the other query parameters, written as
 * Harbor writes it (clients follow it verbatim): the parameters sorted by name and not escaped, `prev` only
 * while the previous page has rows, links joined by " , ".
 */
export function setPageHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  paging: Paging,
  total: number,
): void {
  void reply.header('x-total-count', String(total));
  const url = new URL(request.url, 'http://placeholder');
  const link = (page: number, rel: string) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(page));
    params.set('page_size', String(paging.pageSize));
    params.sort();
    return `<${url.pathname}?${unescapedQuery(params)}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (paging.page > 1 && (paging.page - 1) * paging.pageSize < total) links.push(link(paging.page - 1, 'prev'));
  if (paging.page * paging.pageSize < total) links.push(link(paging.page + 1, 'next'));
  if (links.length > 0) void reply.header('link', links.join(' , '));
}

/**
 * Go's `url.QueryUnescape(values.Encode())`: `k=v` pairs as they were decoded. A part with a character a
 * header cannot carry (control or non-ASCII) stays escaped rather than failing the whole answer.
 */
function unescapedQuery(params: URLSearchParams): string {
  const plain = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : encodeURIComponent(text));
  return [...params].map(([key, value]) => `${plain(key)}=${plain(value)}`).join('&');
}
