import { Module } from '@nestjs/common';
import { WebhookExecutionsService } from './webhook-executions.service.js';
import { WebhookPoliciesController } from './webhook-policies.controller.js';
import { WebhookPoliciesService } from './webhook-policies.service.js';
import { WebhookSubscriber } from './webhook.subscriber.js';

/**
 * Harbor's project webhooks: the policy API and its delivery history here; the subscriber turns core's
 * events into WEBHOOK and SLACK jobs, which jobservice delivers.
 */
@Module({
  controllers: [WebhookPoliciesController],
  providers: [WebhookPoliciesService, WebhookExecutionsService, WebhookSubscriber],
})
export class WebhooksModule {}
