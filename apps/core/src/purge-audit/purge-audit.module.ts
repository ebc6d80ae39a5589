import { Module } from '@nestjs/common';
import { ExecutionsModule } from '../executions/executions.module.js';
import { PurgeAuditController } from './purge-audit.controller.js';

@Module({ imports: [ExecutionsModule], controllers: [PurgeAuditController] })
export class PurgeAuditModule {}
