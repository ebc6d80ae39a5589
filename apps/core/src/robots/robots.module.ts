import { Module } from '@nestjs/common';
import { PermissionsController } from './permissions.controller.js';
import { RobotListingService } from './robot-listing.service.js';
import { RobotPermissionsService } from './robot-permissions.service.js';
import { RobotsController } from './robots.controller.js';
import { RobotsService } from './robots.service.js';

@Module({
  controllers: [RobotsController, PermissionsController],
  providers: [RobotsService, RobotListingService, RobotPermissionsService],
})
export class RobotsModule {}
