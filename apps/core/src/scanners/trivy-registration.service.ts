import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { SecretBox } from '@harbor-ts/outbound';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';

/** The name Harbor gives its bundled scanner; users cannot take it (RESERVED_SCANNER_NAMES). */
const BUNDLED_SCANNER_NAME = 'Trivy';

/**
 * As Harbor does at start: an instance installed `--with-trivy` has the bundled adapter registered as
 * the immutable scanner "Trivy", made the default when there is none; one installed without it has
 * no such registration any more.
 */
@Injectable()
export class TrivyRegistration implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.trivy?.url;
    if (!url) {
      await this.dataSource.query('DELETE FROM scanner_registration WHERE name = $1 AND immutable', [
        BUNDLED_SCANNER_NAME,
      ]);
      return;
    }
    // prepare gives the adapter an API key: the registration presents it as `Bearer`, sealed at rest.
    const apiKey = this.config.trivy?.apiKey;
    const credential = apiKey ? new SecretBox(this.config.secrets.secretKey).seal(apiKey) : null;
    await this.dataSource.query(
      `INSERT INTO scanner_registration
         (uuid, url, name, description, auth, access_cred, immutable, use_internal_addr, is_default)
       VALUES ($1, $2, $3, 'The scanner installed with harbor-ts (--with-trivy)', $4, $5, true, true,
               NOT EXISTS (SELECT 1 FROM scanner_registration WHERE is_default))
       ON CONFLICT (name) DO UPDATE SET url = EXCLUDED.url, auth = EXCLUDED.auth,
         access_cred = EXCLUDED.access_cred, immutable = true, update_time = now()`,
      [randomUUID(), url, BUNDLED_SCANNER_NAME, apiKey ? 'Bearer' : '', credential],
    );
    this.logger.info({ url }, 'the bundled scanner is registered as "Trivy"');
  }
}
