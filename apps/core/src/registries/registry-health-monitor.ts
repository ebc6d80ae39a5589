import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { isRegistryHealthy } from './registry-health.js';
import { RegistriesService } from './registries.service.js';

/** Harbor's regular health check of stored registries: every 5 minutes. */
const INTERVAL_MS = 5 * 60_000;

/**
 * Harbor's `StartRegularHealthCheck`: every stored registry is checked again every 5 minutes, after a
 * random first wait so that several core processes do not check at once, and its `status` follows
 * (`healthy` / `unhealthy`), so the portal and the API show a remote that went down.
 */
@Injectable()
export class RegistryHealthMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RegistryHealthMonitor.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly registries: RegistriesService) {}

  onApplicationBootstrap(): void {
    this.timer = setTimeout(() => this.tick(), Math.random() * INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }

  /** One round over every registry; a failure to read or write one is logged and the round goes on. */
  async checkAll(): Promise<void> {
    for (const row of await this.registries.all()) {
      const health = (await isRegistryHealthy(this.registries.targetOf(row))) ? 'healthy' : 'unhealthy';
      if (health === row.health) continue;
      try {
        await this.registries.setHealth(row.id, health);
        this.logger.log(`registry ${row.id} (${row.name}) is now ${health}`);
      } catch (error) {
        this.logger.error(`updating the status of registry ${row.id} failed: ${(error as Error).message}`);
      }
    }
  }

  private tick(): void {
    this.checkAll()
      .catch((error: unknown) => this.logger.error(`the registry health check failed: ${String(error)}`))
      .finally(() => {
        this.timer = setTimeout(() => this.tick(), INTERVAL_MS);
        this.timer.unref();
      });
  }
}
