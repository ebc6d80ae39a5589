import { Module } from '@nestjs/common';
import { AuditLogService } from './audit-log.service.js';
import { AuditLogSubscriber } from './audit-log.subscriber.js';
import { AuditLogsController } from './audit-logs.controller.js';

/** Harbor's audit log: the listing API, and the subscriber that writes an entry per core event. */
@Module({
  controllers: [AuditLogsController],
  providers: [AuditLogService, AuditLogSubscriber],
})
export class AuditLogsModule {}
