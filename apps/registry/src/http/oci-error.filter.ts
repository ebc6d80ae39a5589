import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { OciErrorCode, ociErrorBody } from '@harbor-ts/errors';
import { OciError } from './oci-error.js';

/** Renders every failure as the spec's error body; a 500 is logged with its request id and never explained. */
@Catch()
export class OciErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) {
      // A streamed response failed half way: the only honest signal left is to cut the connection.
      this.logger.warn({ err: error, requestId: request.id, url: request.url }, 'response aborted');
      reply.raw.destroy();
      return;
    }
    const oci = this.toOciError(error);
    if (oci) {
      this.logger.debug({ requestId: request.id, url: request.url, status: oci.status, code: oci.code }, oci.message);
      void reply
        .status(oci.status)
        .headers({ ...oci.headers, 'content-type': 'application/json; charset=utf-8' })
        .send(ociErrorBody(oci.code, oci.message, oci.detail));
      return;
    }
    this.logger.error({ err: error, requestId: request.id, method: request.method, url: request.url }, 'request failed');
    void reply
      .status(500)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ errors: [{ code: 'UNKNOWN', message: 'internal server error' }] });
  }

  private toOciError(error: unknown): OciError | undefined {
    if (error instanceof OciError) return error;
    const status = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: number }).statusCode;
    if (status === undefined || status >= 500) return undefined;
    // Framework-level rejections (unknown route, malformed request): keep their status, speak the spec.
    const code = status === 401 ? OciErrorCode.UNAUTHORIZED : status === 413 ? OciErrorCode.SIZE_INVALID : OciErrorCode.UNSUPPORTED;
    return new OciError(code, (error as Error).message, { status });
  }
}
