import { Module } from '@nestjs/common';
import type { RegistryctlConfig } from '@harbor-ts/config';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { FilesystemDriver } from '@harbor-ts/storage';
import { HealthController } from './health/health.controller.js';
import { STORAGE } from './storage/storage.token.js';
import { StorageController } from './storage/storage.controller.js';
import { StorageCleaner } from './storage/storage-cleaner.js';

@Module({
  controllers: [HealthController, StorageController],
  providers: [
    {
      provide: STORAGE,
      inject: [SERVICE_CONFIG],
      useFactory: (config: RegistryctlConfig) => new FilesystemDriver(config.storage.rootDirectory),
    },
    StorageCleaner,
  ],
})
export class RegistryctlModule {}
