import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Property } from '@harbor-ts/db';
import { CONFIGURATION_DEFAULTS, type Configuration, type ConfigurationKey } from './configuration.defaults.js';

/** Reads and writes system settings; values are stored as JSON text so types survive the round trip. */
@Injectable()
export class ConfigurationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const row = await this.dataSource.getRepository(Property).findOneBy({ k: key });
    return row ? (parseValue(row.v) as Configuration[K]) : CONFIGURATION_DEFAULTS[key];
  }

  async set(values: Partial<Configuration>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const [k, value] of Object.entries(values)) {
        await manager.query(
          'INSERT INTO properties (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v',
          [k, JSON.stringify(value)],
        );
      }
    });
  }
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
