import { Module } from '@nestjs/common';
import { RegistriesModule } from '../registries/registries.module.js';
import { ReplicationPoliciesController } from './policies/replication-policies.controller.js';
import { ReplicationPoliciesService } from './policies/replication-policies.service.js';
import { ReplicationSchedule } from './policies/replication-schedule.js';

/** Harbor's replication policies (rules); their executions live in `executions/`. */
@Module({
  imports: [RegistriesModule],
  controllers: [ReplicationPoliciesController],
  providers: [ReplicationPoliciesService, ReplicationSchedule],
  exports: [ReplicationPoliciesService],
})
export class ReplicationModule {}
