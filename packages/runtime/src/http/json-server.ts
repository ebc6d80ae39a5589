import { createServer, type IncomingMessage, type Server } from 'node:http';
import { HarborError } from '@harbor-ts/errors';
import { sendAnswer, type Answer } from './answer.js';

/** Answers one request; `query` is its parsed query string. */
export type Handler = (request: IncomingMessage, query: URLSearchParams) => Promise<Answer>;

/**
 * A node:http server of JSON routes: `route` picks the handler for a method and a path as sent
 * (still percent-encoded; undefined: 404), and `errorAnswer` renders whatever a handler throws.
 */
export function createJsonServer(
  route: (method: string, path: string) => Handler | undefined,
  errorAnswer: (error: unknown, requestId: string) => Answer,
): Server {
  let requests = 0;
  return createServer((request, response) => {
    const requestId = request.headers['x-request-id']?.toString() ?? `req-${++requests}`;
    const method = request.method ?? 'GET';
    const [path = '/', query = ''] = (request.url ?? '/').split(/\?(.*)/s);
    const handler = route(method, path);
    const answer = handler
      ? Promise.resolve().then(() => handler(request, new URLSearchParams(query)))
      : Promise.reject(HarborError.notFound(`Cannot ${method} ${path}`));
    answer.then(
      (answered) => sendAnswer(response, answered),
      (error: unknown) => sendAnswer(response, errorAnswer(error, requestId)),
    );
  });
}
