import { Module } from '@nestjs/common';
import { FirstStartService } from './first-start.service.js';

@Module({ providers: [FirstStartService] })
export class FirstStartModule {}
