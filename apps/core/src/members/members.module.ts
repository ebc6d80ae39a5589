import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { MembersController } from './members.controller.js';
import { MembersService } from './members.service.js';

@Module({ imports: [ProjectsModule], controllers: [MembersController], providers: [MembersService] })
export class MembersModule {}
