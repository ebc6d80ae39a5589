import { Module } from '@nestjs/common';
import { IconsController } from './icons.controller.js';

@Module({ controllers: [IconsController] })
export class IconsModule {}
