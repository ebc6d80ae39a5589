import type { Logger } from 'pino';
import type { RegistryConfig } from '@harbor-ts/config';
import { isValidUploadId } from '@harbor-ts/oci';
import { layout, type StorageDriver } from '@harbor-ts/storage';
import type { ListingService } from '../listing/listing.service.js';
import type { UploadService } from './upload.service.js';

/** Removes upload sessions older than `uploadPurging.ageMs`, as distribution's upload purger does. */
export class UploadPurger {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: RegistryConfig,
    private readonly driver: StorageDriver,
    private readonly logger: Logger,
    private readonly listing: ListingService,
    private readonly uploads: UploadService,
  ) {}

  /** Purges every `uploadPurging.intervalMs` when purging is enabled. */
  start(): void {
    const { enabled, intervalMs } = this.config.uploadPurging;
    if (!enabled) return;
    this.timer = setInterval(
      () => void this.purge().catch((err: unknown) => this.logger.error({ err }, 'upload purge failed')),
      intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Returns the sessions removed (or that would be, in dry-run mode). */
  async purge(now = Date.now()): Promise<string[]> {
    const { ageMs, dryRun } = this.config.uploadPurging;
    const purged: string[] = [];
    for (const name of await this.listing.repositories(['_uploads'])) {
      for (const id of (await this.driver.list(layout.uploadsDir(name))).filter(isValidUploadId)) {
        const started = await this.startedAt(name, id);
        if (started === undefined || now - started < ageMs) continue;
        purged.push(`${name}/${id}`);
        if (dryRun) continue;
        this.uploads.forget(name, id);
        await this.driver.delete(layout.uploadDir(name, id));
      }
    }
    if (purged.length > 0) this.logger.info({ purged: purged.length, dryRun }, 'stale uploads purged');
    return purged;
  }

  /** The `startedat` timestamp (RFC 3339, written by us or distribution), else the folder's mtime. */
  private async startedAt(name: string, id: string): Promise<number | undefined> {
    const text = (await this.driver.read(layout.uploadStartedAt(name, id)))?.toString('utf8').trim();
    const parsed = text ? Date.parse(text) : NaN;
    if (!Number.isNaN(parsed)) return parsed;
    return (await this.driver.stat(layout.uploadDir(name, id)))?.modifiedAt.getTime();
  }
}
