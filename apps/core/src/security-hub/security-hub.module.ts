import { Module } from '@nestjs/common';
import { SecurityHubController } from './security-hub.controller.js';
import { SecurityHubService } from './security-hub.service.js';

/** Harbor's security hub over the indexed findings of stored scan reports. */
@Module({ controllers: [SecurityHubController], providers: [SecurityHubService] })
export class SecurityHubModule {}
