import { z } from 'zod';
import { INT4_MAX } from '../common/validation.js';
import { NOTIFY_TYPES, PAYLOAD_FORMATS, SUPPORTED_EVENT_TYPES } from './webhook-payload.js';

/**
 * Harbor's WebhookTargetObject as a request sends it. `auth_header` left out on an update keeps the
 * header stored for the same address (the API never shows it, so a client cannot send it back).
 */
const targetSchema = z.object({
  type: z.string().default(''),
  address: z.string().default(''),
  auth_header: z.string().max(4096).optional(),
  skip_cert_verify: z.boolean().default(false),
  payload_format: z.string().default(''),
});

/** Harbor's WebhookPolicy body; the server sets id, project_id, creator and the times. */
export const webhookPolicySchema = z.object({
  id: z.number().int().min(0).max(INT4_MAX).optional(),
  name: z.string().trim().min(1, 'name is required').max(256),
  description: z.string().max(1024).default(''),
  project_id: z.number().int().optional(),
  targets: z.array(targetSchema).max(16).default([]),
  event_types: z.array(z.string()).max(32).default([]),
  creator: z.string().optional(),
  creation_time: z.string().optional(),
  update_time: z.string().optional(),
  enabled: z.boolean().default(true),
});
export type WebhookPolicyRequest = z.output<typeof webhookPolicySchema>;
export type TargetRequest = z.output<typeof targetSchema>;

/** A target as stored in `notification_policy.targets`: the auth header sealed, never plain. */
export interface StoredTarget {
  type: 'http' | 'slack';
  address: string;
  /** `v1:...` sealed by SecretBox; absent when the target has none. */
  auth_header?: string;
  skip_cert_verify: boolean;
  payload_format?: string;
}

/** Harbor's WebhookTargetObject as answered: `auth_header` is never shown. */
export interface TargetView {
  type: string;
  address: string;
  skip_cert_verify: boolean;
  payload_format?: string;
}

/** Harbor's WebhookPolicy as answered. */
export interface WebhookPolicyView {
  id: number;
  name: string;
  description: string;
  project_id: number;
  targets: TargetView[];
  event_types: string[];
  creator: string;
  creation_time: Date;
  update_time: Date;
  enabled: boolean;
}

export interface PolicyRow {
  id: number;
  name: string;
  description: string;
  project_id: number;
  targets: string;
  event_types: string;
  creator: string;
  creation_time: Date;
  update_time: Date;
  enabled: boolean;
}

export function parseTargets(text: string): StoredTarget[] {
  return text ? (JSON.parse(text) as StoredTarget[]) : [];
}

export function parseEventTypes(text: string): string[] {
  return text ? (JSON.parse(text) as string[]) : [];
}

export function toPolicyView(row: PolicyRow): WebhookPolicyView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    project_id: row.project_id,
    targets: parseTargets(row.targets).map((target) => ({
      type: target.type,
      address: target.address,
      skip_cert_verify: target.skip_cert_verify,
      ...(target.payload_format ? { payload_format: target.payload_format } : {}),
    })),
    event_types: parseEventTypes(row.event_types),
    creator: row.creator,
    creation_time: row.creation_time,
    update_time: row.update_time,
    enabled: row.enabled,
  };
}

/** Harbor's `validateEventTypes` message for the first problem, or undefined. */
export function eventTypesProblem(eventTypes: string[]): string | undefined {
  if (eventTypes.length === 0) return 'empty event type';
  const unsupported = eventTypes.find((type) => !(SUPPORTED_EVENT_TYPES as string[]).includes(type));
  return unsupported === undefined ? undefined : `unsupported event type ${unsupported}`;
}

/**
 * Harbor's `validateTargets` (the shape; the address is checked by the service): a known notify type,
 * no payload format for Slack, a known format for http, Default when left out.
 */
export function targetProblem(target: TargetRequest, policyName: string): string | undefined {
  if (!(NOTIFY_TYPES as readonly string[]).includes(target.type))
    return `unsupported target type ${target.type} with policy ${policyName}`;
  if (target.payload_format && target.type === 'slack') return 'set payload format is not allowed for slack';
  if (target.payload_format && !(PAYLOAD_FORMATS as readonly string[]).includes(target.payload_format))
    return `unsupported payload format type: ${target.payload_format}`;
  return undefined;
}
