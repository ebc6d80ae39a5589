import type { DataSource } from 'typeorm';
import type { JobserviceConfig } from '@harbor-ts/config';
import { SecretBox } from '@harbor-ts/outbound';
import type { JobContext, JobHandler } from '../../runner/job-handler.js';
import {
  DEFAULT_MAX_RETRY,
  DEFAULT_TIMEOUT_SECONDS,
  deliver,
  type DeliveryOptions,
} from './http-delivery.js';

interface StoredTarget {
  type: string;
  address: string;
  auth_header?: string;
}

/** Shared by both webhook job types: the retry settings and the stored auth header of a target. */
abstract class NotificationHandler {
  private readonly box: SecretBox;

  constructor(
    protected readonly dataSource: DataSource,
    protected readonly config: JobserviceConfig,
  ) {
    this.box = new SecretBox(config.secrets.secretKey);
  }

  protected options(context: JobContext<'WEBHOOK' | 'SLACK'>): DeliveryOptions {
    return {
      attempts: this.config.webhookJobMaxRetry ?? DEFAULT_MAX_RETRY,
      timeoutMs: (this.config.webhookJobHttpClientTimeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      signal: context.signal,
      log: context.log,
    };
  }

  /**
   * The target's `Authorization` value, opened from the policy row (payloads carry no secret). A
   * deleted policy ends the task: Harbor deletes a policy's deliveries with it.
   */
  protected async authHeader(policyId: number, type: string, address: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query('SELECT targets FROM notification_policy WHERE id = $1', [
      policyId,
    ])) as { targets: string }[];
    if (!row) throw new Error(`webhook policy ${policyId} no longer exists`);
    const targets = JSON.parse(row.targets || '[]') as StoredTarget[];
    const sealed = targets.find((target) => target.type === type && target.address === address)?.auth_header;
    return sealed ? this.box.open(sealed) : undefined;
  }
}

/** Harbor's WEBHOOK job: POSTs the event to an http target in its payload format. */
export class WebhookHandler extends NotificationHandler implements JobHandler<'WEBHOOK'> {
  async run(context: JobContext<'WEBHOOK'>): Promise<void> {
    const { params, log } = context;
    log.info(
      `sending the ${params.event_type} event of policy ${params.policy_id} (${params.payload_format})`,
    );
    const auth = await this.authHeader(params.policy_id, 'http', params.address);
    const contentType =
      params.payload_format === 'CloudEvents' ? 'application/cloudevents+json' : 'application/json';
    await deliver(
      {
        address: params.address,
        body: params.payload,
        headers: { 'Content-Type': contentType, ...(auth ? { Authorization: auth } : {}) },
        skipCertVerify: params.skip_cert_verify,
      },
      this.options(context),
    );
  }
}

/** Harbor's SLACK job: POSTs the Slack message body to an incoming-webhook address. */
export class SlackHandler extends NotificationHandler implements JobHandler<'SLACK'> {
  async run(context: JobContext<'SLACK'>): Promise<void> {
    const { params, log } = context;
    log.info(`sending the ${params.event_type} event of policy ${params.policy_id} to Slack`);
    await deliver(
      {
        address: params.address,
        body: params.payload,
        headers: { 'Content-Type': 'application/json' },
        skipCertVerify: params.skip_cert_verify,
      },
      this.options(context),
    );
  }
}
