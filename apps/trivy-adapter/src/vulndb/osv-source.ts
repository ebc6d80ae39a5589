import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import type { OsvDatabase } from './osv-database.js';
import { OsvLoader } from './osv-loader.js';

/** How often the export directory is looked at for new or changed files. */
const RECHECK_MS = 10_000;

/** The loaded OSV database, kept current with `<dataDir>/osv/`. */
export class OsvSource {
  readonly directory: string;
  private readonly loader: OsvLoader;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    config: TrivyAdapterConfig,
    private readonly logger: Logger,
  ) {
    this.directory = join(config.dataDir, 'osv');
    this.loader = new OsvLoader(this.directory, logger);
  }

  /** Loads what is there, then looks again every few seconds. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), RECHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The database after any reload in progress. */
  async current(): Promise<OsvDatabase> {
    await this.refreshing;
    return this.loader.database;
  }

  private refresh(): Promise<void> {
    // A failed reload keeps the database loaded before it.
    this.refreshing ??= this.loader
      .refresh()
      .catch((error: unknown) => this.logger.error({ err: error }, 'reloading the OSV database failed'))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}
