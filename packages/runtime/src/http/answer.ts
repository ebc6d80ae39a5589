import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HarborError, HarborErrorCode, harborErrorBody } from '@harbor-ts/errors';

/** What a route answers: a status, an optional JSON body, and headers (a `content-type` replaces JSON's). */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: OutgoingHttpHeaders;
}

export function sendAnswer(response: ServerResponse, { status, body, headers }: Answer): void {
  if (body === undefined) {
    response.writeHead(status, { ...headers, 'content-length': 0 }).end();
    return;
  }
  const text = JSON.stringify(body);
  response
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}

/** Harbor's error body; a 500 is logged with its request id and never explained to the caller. */
export function harborErrorAnswer(logger: Logger): (error: unknown, requestId: string) => Answer {
  return (error, requestId) => {
    if (error instanceof HarborError) {
      logger.info({ requestId, status: error.status, code: error.code }, error.message);
      return { status: error.status, body: harborErrorBody(error.code, error.message) };
    }
    logger.error({ err: error, requestId }, 'request failed');
    return {
      status: 500,
      body: harborErrorBody(HarborErrorCode.INTERNAL_SERVER_ERROR, 'internal server error'),
    };
  };
}
