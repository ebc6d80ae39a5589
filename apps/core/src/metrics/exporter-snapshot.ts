import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { HealthService, type OverallHealthStatus } from '../health/health.service.js';
import { JobserviceRedis } from '../jobservice-monitor/jobservice-redis.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { readJobFigures, type JobFigures } from './job-figures.js';
import { readProjectFigures, type ProjectFigures } from './project-figures.js';

/** What Harbor's exporter collects; a part that could not be read is absent, not zero. */
export interface ExporterSnapshot {
  projects?: ProjectFigures[];
  health?: OverallHealthStatus;
  system?: { authMode: string; version: string; selfRegistration: boolean };
  jobs?: JobFigures;
}

/**
 * The exporter's figures, reused for the cache TTL as Harbor's exporter does, so scrapes cost the
 * database a few aggregate queries at most once per TTL; concurrent scrapes share one refresh.
 */
@Injectable()
export class ExporterSnapshots implements OnApplicationShutdown {
  private cached?: { at: number; value: Promise<ExporterSnapshot> };
  /** Opened on the first scrape, so core holds no extra connection when metrics are off. */
  private jobsRedis?: JobserviceRedis;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly health: HealthService,
    private readonly configuration: ConfigurationService,
  ) {}

  get(now = Date.now()): Promise<ExporterSnapshot> {
    const ttl = this.config.metrics?.cacheTtlMs ?? 0;
    if (this.cached && now - this.cached.at < ttl) return this.cached.value;
    const value = this.read();
    this.cached = { at: now, value };
    return value;
  }

  private async read(): Promise<ExporterSnapshot> {
    const [projects, health, system, jobs] = await Promise.all([
      this.part('projects', () => readProjectFigures(this.dataSource)),
      this.part('health', () => this.health.check()),
      this.part('system', async () => {
        const settings = await this.configuration.getAll();
        return {
          authMode: settings.auth_mode,
          version: this.config.version,
          selfRegistration: settings.self_registration,
        };
      }),
      this.part('jobs', () =>
        readJobFigures(this.dataSource, (this.jobsRedis ??= new JobserviceRedis(this.config))),
      ),
    ]);
    return { projects, health, system, jobs };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobsRedis?.onApplicationShutdown();
  }

  private async part<T>(name: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      this.logger.warn({ err: error, part: name }, 'metrics: could not read exporter figures');
      return undefined;
    }
  }
}
