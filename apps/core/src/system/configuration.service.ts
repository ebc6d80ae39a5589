import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { Property } from '@harbor-ts/db';
import { SecretBox } from '@harbor-ts/outbound';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import {
  CONFIGURATION_DEFAULTS,
  SECRET_SETTINGS,
  type Configuration,
  type ConfigurationKey,
  type SecretSettingKey,
} from './configuration.defaults.js';

export type ConfigurationChanges = Partial<Configuration & Record<SecretSettingKey, string>>;

/**
 * Reads and writes system settings; values are stored as JSON text so types survive the round trip.
 * Secret settings (the LDAP search password, the OIDC client secret) are sealed with the instance's secret key on the way in
 * and are read only through `secret()`, so no listing of the settings can include them.
 */
@Injectable()
export class ConfigurationService {
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: CoreConfig,
  ) {
    this.secrets = new SecretBox(config.secrets.secretKey);
  }

  async getAll(): Promise<Configuration> {
    const rows = await this.dataSource.getRepository(Property).find();
    const stored = Object.fromEntries(rows.map((row) => [row.k, parseValue(row.v)]));
    const result = { ...CONFIGURATION_DEFAULTS };
    for (const key of Object.keys(CONFIGURATION_DEFAULTS) as ConfigurationKey[]) {
      if (key in stored) (result as Record<string, unknown>)[key] = stored[key];
    }
    return result;
  }

  async get<K extends ConfigurationKey>(key: K): Promise<Configuration[K]> {
    return (await this.getMany([key]))[key];
  }

  /**
   * Several settings in one query (a request that needs four pays one round trip, not four). Plain SQL:
   * the settings are read on hot paths (every token, every basic-auth call), where TypeORM's query
   * builder cost more CPU than the query.
   */
  async getMany<K extends ConfigurationKey>(keys: readonly K[]): Promise<Pick<Configuration, K>> {
    const rows: { k: string; v: string }[] = await this.dataSource.query(
      'SELECT k, v FROM properties WHERE k = ANY($1)',
      [keys],
    );
    const stored = new Map(rows.map((row) => [row.k, row.v]));
    const values = {} as Pick<Configuration, K>;
    for (const key of keys) {
      const text = stored.get(key);
      values[key] = text === undefined ? CONFIGURATION_DEFAULTS[key] : (parseValue(text) as Configuration[K]);
    }
    return values;
  }

  /** A secret setting in clear text; '' when it was never set. */
  async secret(key: SecretSettingKey): Promise<string> {
    const row = await this.dataSource.getRepository(Property).findOneBy({ k: key });
    const sealed = row ? parseValue(row.v) : '';
    return typeof sealed === 'string' && sealed !== '' ? this.secrets.open(sealed) : '';
  }

  async set(values: ConfigurationChanges): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const [k, value] of Object.entries(values)) {
        const stored = isSecretKey(k) && value !== '' ? this.secrets.seal(String(value)) : value;
        await manager.query(
          'INSERT INTO properties (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v',
          [k, JSON.stringify(stored)],
        );
      }
    });
  }
}

function isSecretKey(key: string): key is SecretSettingKey {
  return (SECRET_SETTINGS as readonly string[]).includes(key);
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
