import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Harbor answers every request with `X-Request-Id`: the one the caller sent, or a new UUID (its requestid
 * middleware), so a script can quote it with an error. Fastify already takes the caller's (the adapter's
 * `requestIdHeader`) or makes one (`genReqId` in core.definition.ts); this sends it back, on the raw response
 * so the /v2 replies the gateway writes itself carry it too.
 */
export function installRequestIds(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      reply.raw.setHeader('X-Request-Id', request.id);
      done();
    });
}
