import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { CoreConfig } from '@harbor-ts/config';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { ExporterGauges } from './exporter-gauges.js';
import { ExporterSnapshots } from './exporter-snapshot.js';
import { HttpMetrics } from './http-metrics.js';
import { MetricsServer } from './metrics-server.js';
import { preloadOperationIds } from './operation-id.js';

/**
 * Harbor's metrics, served by core (harbor-ts has no separate exporter process): core's request
 * metrics and the exporter's figures on one registry, on metric.port/metric.path. Nothing listens
 * when harbor.yml leaves metrics off.
 */
@Injectable()
export class CoreMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly registry = new Registry();
  /** Undefined when metrics are off: the request hook is then never installed. */
  readonly http?: HttpMetrics;
  private readonly server?: MetricsServer;
  private port?: number;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
    @Inject(LOGGER) logger: Logger,
    snapshots: ExporterSnapshots,
  ) {
    if (!config.metrics) return;
    preloadOperationIds();
    this.http = new HttpMetrics(this.registry);
    const gauges = new ExporterGauges(this.registry);
    this.server = new MetricsServer(
      config.metrics.path,
      this.registry,
      async () => gauges.apply(await snapshots.get()),
      logger,
    );
  }

  /** The port the metrics listener is bound to (differs from the config's when that is 0, in tests). */
  get listeningPort(): number | undefined {
    return this.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.server || !this.config.metrics) return;
    const { host, port } = this.config.metrics.listen;
    this.port = (await this.server.listen(host, port)).port;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
