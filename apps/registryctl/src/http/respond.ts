import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HarborError, HarborErrorCode, harborErrorBody } from '@harbor-ts/errors';

export function sendJson(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status, { 'content-length': 0 }).end();
    return;
  }
  const text = JSON.stringify(body);
  response
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}

/** Harbor's error body; a 500 is logged with its request id and never explained to the caller. */
export function sendError(response: ServerResponse, error: unknown, logger: Logger, requestId: string): void {
  if (error instanceof HarborError) {
    logger.info({ requestId, status: error.status, code: error.code }, error.message);
    sendJson(response, error.status, harborErrorBody(error.code, error.message));
    return;
  }
  logger.error({ err: error, requestId }, 'request failed');
  sendJson(response, 500, harborErrorBody(HarborErrorCode.INTERNAL_SERVER_ERROR, 'internal server error'));
}
