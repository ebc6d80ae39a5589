import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { dataSourceOptions } from '@harbor-ts/db';
import { redisOptions, SERVICE_CONFIG } from '@harbor-ts/runtime';
import { endGenericPlanPool } from '../common/prepared-query.js';
import { PeerClients } from './peer-clients.js';
import { REDIS } from './tokens.js';

/** Connections core holds for its whole life: Postgres (migrated on start), Redis, and its peers. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SERVICE_CONFIG],
      useFactory: (config: CoreConfig) => dataSourceOptions(config.database, { runMigrations: true }),
    }),
  ],
  providers: [
    {
      provide: REDIS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: CoreConfig) =>
        new Redis({ ...redisOptions(config.redis), keyPrefix: config.redis.keyPrefix }),
    },
    PeerClients,
  ],
  exports: [REDIS, PeerClients],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => undefined);
    await endGenericPlanPool(this.dataSource).catch(() => undefined);
  }
}
