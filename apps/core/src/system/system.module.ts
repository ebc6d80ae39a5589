import { Global, Module } from '@nestjs/common';
import { ConfigurationService } from './configuration.service.js';
import { PingController } from './ping.controller.js';
import { SystemInfoController } from './systeminfo.controller.js';

@Global()
@Module({
  controllers: [PingController, SystemInfoController],
  providers: [ConfigurationService],
  exports: [ConfigurationService],
})
export class SystemModule {}
