import { Module } from '@nestjs/common';
import { PurgeAuditHandler } from './purge-audit.handler.js';

/** The PURGE_AUDIT_LOG job's handler, for the runner's handler map. */
@Module({ providers: [PurgeAuditHandler], exports: [PurgeAuditHandler] })
export class PurgeAuditModule {}
