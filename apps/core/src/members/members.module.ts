import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { MemberEntities } from './member-entities.js';
import { MembersController } from './members.controller.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [ProjectsModule],
  controllers: [MembersController],
  providers: [MembersService, MemberEntities],
})
export class MembersModule {}
