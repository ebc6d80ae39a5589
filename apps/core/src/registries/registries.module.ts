import { Module } from '@nestjs/common';
import { RegistriesController } from './registries.controller.js';
import { RegistriesService } from './registries.service.js';
import { RegistryHealthMonitor } from './registry-health-monitor.js';
import { RegistrySettings } from './registry-settings.js';
import { ReplicationAdaptersController } from './replication-adapters.controller.js';

/** Harbor's registry endpoints (`/registries`) and provider types; used by replication and proxy cache. */
@Module({
  controllers: [RegistriesController, ReplicationAdaptersController],
  providers: [RegistriesService, RegistrySettings, RegistryHealthMonitor],
  exports: [RegistriesService, RegistrySettings],
})
export class RegistriesModule {}
