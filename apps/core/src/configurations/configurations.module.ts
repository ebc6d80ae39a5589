import { Global, Module } from '@nestjs/common';
import { ConfigurationsController } from './configurations.controller.js';
import { ReadOnlyService } from './read-only.service.js';

/** Global so the /v2 gateway and every delete endpoint can ask ReadOnlyService before changing anything. */
@Global()
@Module({
  controllers: [ConfigurationsController],
  providers: [ReadOnlyService],
  exports: [ReadOnlyService],
})
export class ConfigurationsModule {}
