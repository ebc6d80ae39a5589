import { Global, Module } from '@nestjs/common';
import { ConfigurationsController } from './configurations.controller.js';
import { ConfigurationsService } from './configurations.service.js';
import { ReadOnlyService } from './read-only.service.js';

/** Global so the /v2 gateway and every delete endpoint can ask ReadOnlyService before changing anything. */
@Global()
@Module({
  controllers: [ConfigurationsController],
  providers: [ReadOnlyService, ConfigurationsService],
  exports: [ReadOnlyService],
})
export class ConfigurationsModule {}
