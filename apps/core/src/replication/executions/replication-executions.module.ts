import { Module } from '@nestjs/common';
import { ReplicationExecutionsController } from './replication-executions.controller.js';
import { ReplicationExecutionsService } from './replication-executions.service.js';
import { ReplicationEventSubscriber } from '../events/replication-event.subscriber.js';

/**
 * Runs of replication policies: `/replication/executions`, and the runs events start (the policies
 * themselves are ReplicationModule's).
 */
@Module({
  controllers: [ReplicationExecutionsController],
  providers: [ReplicationExecutionsService, ReplicationEventSubscriber],
  exports: [ReplicationExecutionsService],
})
export class ReplicationExecutionsModule {}
