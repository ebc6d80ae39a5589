import { replicationPayload, retentionPayload, scanPayload } from './job-payloads.js';
import {
  artifactPayload,
  type HarborPayload,
  type PayloadContext,
  type WebhookCoreEvent,
} from './webhook-payload.js';

/** The Default payload of an event, as Harbor's webhook handler for its type builds it. */
export function harborPayload(event: WebhookCoreEvent, context: PayloadContext): HarborPayload {
  switch (event.type) {
    case 'scan.completed':
    case 'scan.failed':
    case 'scan.stopped':
      return scanPayload(event, context);
    case 'retention.finished':
      return retentionPayload(event, context);
    case 'replication.finished':
      return replicationPayload(event, context);
    default:
      return artifactPayload(event, context);
  }
}
