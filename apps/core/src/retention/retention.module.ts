import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller.js';
import { RetentionService } from './retention.service.js';

/** Harbor's tag retention API; jobservice's RETENTION handler does the work. */
@Module({ controllers: [RetentionController], providers: [RetentionService] })
export class RetentionModule {}
