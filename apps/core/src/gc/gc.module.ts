import { Module } from '@nestjs/common';
import { ExecutionsModule } from '../executions/executions.module.js';
import { GcController } from './gc.controller.js';

@Module({ imports: [ExecutionsModule], controllers: [GcController] })
export class GcModule {}
