import { Module } from '@nestjs/common';
import { ReplicationExecutionsController } from './replication-executions.controller.js';
import { ReplicationExecutionsService } from './replication-executions.service.js';

/** Runs of replication policies: `/replication/executions` (the policies themselves are ReplicationModule's). */
@Module({
  controllers: [ReplicationExecutionsController],
  providers: [ReplicationExecutionsService],
  exports: [ReplicationExecutionsService],
})
export class ReplicationExecutionsModule {}
