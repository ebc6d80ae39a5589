import { Module } from '@nestjs/common';
import { RegistriesModule } from '../registries/registries.module.js';
import { ImageSyncerImportController } from './image-syncer/image-syncer-import.controller.js';
import { ImageSyncerImportService } from './image-syncer/image-syncer-import.service.js';
import { ReplicationPoliciesController } from './policies/replication-policies.controller.js';
import { ReplicationPoliciesService } from './policies/replication-policies.service.js';
import { ReplicationSchedule } from './policies/replication-schedule.js';

/** Harbor's replication policies (rules), and their import from image-syncer; executions live in `executions/`. */
@Module({
  imports: [RegistriesModule],
  controllers: [ReplicationPoliciesController, ImageSyncerImportController],
  providers: [ReplicationPoliciesService, ReplicationSchedule, ImageSyncerImportService],
  exports: [ReplicationPoliciesService],
})
export class ReplicationModule {}
