import { Global, Module } from '@nestjs/common';
import { AuditLogService } from './audit-log.service.js';
import { AuditLogsController } from './audit-logs.controller.js';

/** Global so every module can record its changes with AuditLogService. */
@Global()
@Module({
  controllers: [AuditLogsController],
  providers: [AuditLogService],
  exports: [AuditLogService],
})
export class AuditLogsModule {}
