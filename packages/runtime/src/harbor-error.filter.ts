import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { HarborError, HarborErrorCode, harborErrorBody } from '@harbor-ts/errors';

const CODE_BY_STATUS: Record<number, HarborErrorCode> = {
  400: HarborErrorCode.BAD_REQUEST,
  401: HarborErrorCode.UNAUTHORIZED,
  403: HarborErrorCode.FORBIDDEN,
  404: HarborErrorCode.NOT_FOUND,
  405: HarborErrorCode.METHOD_NOT_ALLOWED,
  409: HarborErrorCode.CONFLICT,
  412: HarborErrorCode.PRECONDITION,
  413: HarborErrorCode.PAYLOAD_TOO_LARGE,
  415: HarborErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: HarborErrorCode.TOO_MANY_REQUESTS,
  503: HarborErrorCode.SERVICE_UNAVAILABLE,
};

/** Renders every error as Harbor's body; a 500 is logged with its request id and never explained. */
@Catch()
export class HarborErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, code, message } = this.describe(error);
    if (status >= 500) {
      this.logger.error({ err: error, requestId: request.id, url: request.url }, 'request failed');
    } else {
      this.logger.info({ requestId: request.id, url: request.url, status, code }, message);
    }
    void reply.status(status).header('content-type', 'application/json').send(harborErrorBody(code, message));
  }

  private describe(error: unknown): { status: number; code: string; message: string } {
    if (error instanceof HarborError) return { status: error.status, code: error.code, message: error.message };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = CODE_BY_STATUS[status];
      if (code) return { status, code, message: error.message };
    }
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    if (fastifyStatus && CODE_BY_STATUS[fastifyStatus]) {
      return { status: fastifyStatus, code: CODE_BY_STATUS[fastifyStatus], message: (error as Error).message };
    }
    return { status: 500, code: HarborErrorCode.INTERNAL_SERVER_ERROR, message: 'internal server error' };
  }
}
