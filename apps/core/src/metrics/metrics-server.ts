import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/**
 * The metrics listener: its own TCP port (Harbor's metric.port), apart from the API that nginx
 * proxies, answering only GET/HEAD on the metric path.
 */
export class MetricsServer {
  private readonly server: Server;

  constructor(
    private readonly path: string,
    private readonly registry: Registry,
    private readonly beforeScrape: () => Promise<void>,
    logger: Logger,
  ) {
    this.server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (path !== this.path || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
        return;
      }
      this.render()
        .then((body) => {
          response.writeHead(200, { 'content-type': this.registry.contentType });
          response.end(request.method === 'HEAD' ? undefined : body);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'metrics: scrape failed');
          response.writeHead(500, { 'content-type': 'text/plain' }).end('internal server error\n');
        });
    });
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async render(): Promise<string> {
    await this.beforeScrape();
    return this.registry.metrics();
  }
}
