import type { Logger } from 'pino';
import { OciErrorCode, ociErrorBody } from '@harbor-ts/errors';
import { OciError } from './oci-error.js';
import type { Reply } from './reply.js';

/** What a failed request is logged with. */
export interface RequestInfo {
  id: string;
  method: string;
  url: string;
}

/** Renders a failure as the spec's error body; a 500 is logged with its request id and never explained. */
export function sendOciError(reply: Reply, error: unknown, request: RequestInfo, logger: Logger): void {
  if (reply.sent) {
    // A streamed response failed half way: the only honest signal left is to cut the connection.
    logger.warn({ err: error, requestId: request.id, url: request.url }, 'response aborted');
    reply.raw.destroy();
    return;
  }
  const oci = toOciError(error);
  if (oci) {
    logger.debug(
      { requestId: request.id, url: request.url, status: oci.status, code: oci.code },
      oci.message,
    );
    reply
      .status(oci.status)
      .headers({ ...oci.headers, 'content-type': 'application/json; charset=utf-8' })
      .send(JSON.stringify(ociErrorBody(oci.code, oci.message, oci.detail)));
    return;
  }
  logger.error(
    { err: error, requestId: request.id, method: request.method, url: request.url },
    'request failed',
  );
  reply
    .status(500)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'internal server error' }] }));
}

function toOciError(error: unknown): OciError | undefined {
  if (error instanceof OciError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  if (status === undefined || status >= 500) return undefined;
  // Other client errors that carry a status: keep it, speak the spec.
  const code =
    status === 401
      ? OciErrorCode.UNAUTHORIZED
      : status === 413
        ? OciErrorCode.SIZE_INVALID
        : OciErrorCode.UNSUPPORTED;
  return new OciError(code, (error as Error).message, { status });
}
