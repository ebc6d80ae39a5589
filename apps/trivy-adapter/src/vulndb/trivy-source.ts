import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { BoltFile } from './bolt-file.js';
import { TrivyAdvisories } from './trivy-advisories.js';

/**
 * Trivy's database where Harbor's offline guide puts it (`<data>/trivy/db/trivy.db` and its
 * `metadata.json`), opened when a scan needs it and again whenever the file is replaced.
 */
export class TrivySource {
  readonly directory: string;
  private open: { signature: string; file: BoltFile; advisories: TrivyAdvisories } | undefined;

  constructor(
    config: TrivyAdapterConfig,
    private readonly logger: Logger,
  ) {
    this.directory = join(config.dataDir, 'trivy', 'db');
  }

  /** The database as the file is now; undefined when there is none or it cannot be read. */
  current(): TrivyAdvisories | undefined {
    const path = join(this.directory, 'trivy.db');
    if (!existsSync(path)) return this.reset();
    const info = statSync(path);
    const signature = `${info.size}:${info.mtimeMs}:${info.ino}`;
    if (this.open?.signature === signature) return this.open.advisories;
    this.reset();
    try {
      const file = BoltFile.open(path);
      this.open = { signature, file, advisories: new TrivyAdvisories(file) };
      this.logger.info({ path }, 'Trivy database opened');
      return this.open.advisories;
    } catch (error) {
      this.logger.error({ err: error, path }, 'cannot read the Trivy database');
      return undefined;
    }
  }

  /** `UpdatedAt` of the database's metadata.json, as Trivy writes it. */
  updatedAt(): Date | undefined {
    try {
      const metadata = JSON.parse(readFileSync(join(this.directory, 'metadata.json'), 'utf8')) as {
        UpdatedAt?: string;
      };
      const time = metadata.UpdatedAt ? new Date(metadata.UpdatedAt) : undefined;
      return time && !Number.isNaN(time.getTime()) ? time : undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.reset();
  }

  private reset(): undefined {
    this.open?.file.close();
    this.open = undefined;
    return undefined;
  }
}
