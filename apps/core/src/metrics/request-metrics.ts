import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GATEKEEPER_PATH } from '../registry-gateway/registry-gateway.module.js';
import { CoreMetrics } from './core-metrics.js';
import { operationId } from './operation-id.js';

/**
 * Times every request core answers (API and /v2 alike) with Harbor's labels. Installed before any
 * module's hooks, so /v2 requests the gateway takes over are counted too; the raw response's
 * `close` fires whether the reply was sent by Nest, by the gateway, or cut short.
 */
export function installRequestMetrics(app: NestFastifyApplication): void {
  const http = app.get(CoreMetrics).http;
  if (!http) return;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      // nginx's auth subrequests are not client requests; the upload chunk they guard goes to the registry.
      if (request.raw.url === GATEKEEPER_PATH) return done();
      const finish = http.start();
      reply.raw.once('close', () => {
        const method = request.raw.method ?? 'GET';
        finish(
          method,
          reply.raw.statusCode,
          operationId(method, request.raw.url ?? '', request.routeOptions.url),
        );
      });
      done();
    });
}
