import type { Reply } from './reply.js';

/**
 * Where a request goes, decided as the Fastify router the registry ran on did, so clients see the
 * same answers: `/v2` and `/v2/...` are the registry's, anything else is unknown (404), and a path
 * with a malformed percent-escape is refused (400) before any of that.
 */
export type Target = 'v2' | 'unknown' | { badUrl: string };

export function targetOf(url: string): Target {
  const path = pathOf(url);
  if (path === undefined) return { badUrl: url };
  const end = path.search(/[?#]/);
  const pathOnly = end < 0 ? path : path.slice(0, end);
  if (isMalformed(pathOnly)) return { badUrl: path };
  return pathOnly === '/v2' || pathOnly.startsWith('/v2/') ? 'v2' : 'unknown';
}

/** The path of an origin-form target, or of an absolute-form one (`http://host/v2/`); undefined if unusable. */
function pathOf(url: string): string | undefined {
  if (url.startsWith('/') || !/^https?:\/\//i.test(url)) return url;
  const authority = url.slice(url.indexOf('://') + 3);
  const end = authority.search(/[/?]/);
  if (authority.includes('#') || end === 0 || !URL.canParse(url)) return undefined;
  if (end < 0) return '/';
  return authority[end] === '?' ? `/${authority.slice(end)}` : authority.slice(end);
}

/** A `%` not followed by two hex digits, or escapes that decode to invalid UTF-8 where Fastify decoded. */
function isMalformed(path: string): boolean {
  if (!path.includes('%')) return false;
  if (/%(?![0-9a-f]{2})/i.test(path)) return true;
  if (!path.includes('%25')) return false;
  try {
    decodeURI(path.replaceAll('%25', '%2525'));
    return false;
  } catch {
    return true;
  }
}

/** Fastify's own answer to such a path (it never reached the registry's error format). */
export function sendBadUrl(reply: Reply, path: string): void {
  const message = `'${path}' is not a valid url component`;
  const body = JSON.stringify({ statusCode: 400, code: 'FST_ERR_BAD_URL', error: 'Bad Request', message });
  reply.status(400).header('content-type', 'application/json; charset=utf-8').send(body);
}
