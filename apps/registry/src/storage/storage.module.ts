import { Global, Module } from '@nestjs/common';
import type { RegistryConfig } from '@harbor-ts/config';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { FilesystemDriver } from '@harbor-ts/storage';

export const STORAGE = Symbol('STORAGE');

@Global()
@Module({
  providers: [
    {
      provide: STORAGE,
      inject: [SERVICE_CONFIG],
      useFactory: (config: RegistryConfig) => new FilesystemDriver(config.storage.rootDirectory),
    },
  ],
  exports: [STORAGE],
})
export class StorageModule {}
