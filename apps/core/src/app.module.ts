import { Module } from '@nestjs/common';
import { FirstStartModule } from './bootstrap/first-start.module.js';
import { HealthModule } from './health/health.module.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { SystemModule } from './system/system.module.js';

@Module({
  imports: [InfrastructureModule, FirstStartModule, HealthModule, SystemModule],
})
export class AppModule {}
