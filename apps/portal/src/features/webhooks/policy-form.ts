import type { MessageKey } from '../../i18n/locales';
import type {
  NotifyType,
  WebhookEvents,
  WebhookLastTrigger,
  WebhookPolicy,
  WebhookPolicyBody,
  WebhookTargetBody,
} from './api';

/** Harbor's payload formats; Default is what a new http target starts with. */
export const DEFAULT_PAYLOAD_FORMAT = 'Default';

/** The New / Edit Webhook form: one target, as Harbor's portal edits it. */
export interface WebhookForm {
  name: string;
  description: string;
  notifyType: NotifyType;
  /** http only. */
  payloadFormat: string;
  eventTypes: string[];
  address: string;
  /** Write-only: empty keeps the stored header (editing) or sends none (new). */
  authHeader: string;
  /** Editing only: send `''` so core removes the stored header. */
  clearAuthHeader: boolean;
  /** Harbor's "Verify Remote Certificate" (= !skip_cert_verify). */
  verifyCert: boolean;
}

/** The problems the form tells before anything is sent. */
export type FormProblem = Extract<
  MessageKey,
  'webhook.name_required' | 'webhook.url_required' | 'webhook.event_type_required'
>;

const asNotifyType = (type: string | undefined): NotifyType => (type === 'slack' ? 'slack' : 'http');

/** The formats core offers for `type` (Harbor: http only; Slack has none). */
export function payloadFormatsFor(events: WebhookEvents | undefined, type: NotifyType): string[] {
  return events?.payload_formats?.find((entry) => entry.notify_type === type)?.formats ?? [];
}

/**
 * A new policy as Harbor's portal starts one (http, Default payload, every supported event type
 * checked), except that the endpoint's certificate is verified unless the user unticks it: Harbor's
 * portal starts with `skip_cert_verify: true`, which sends the auth header to whoever answers.
 */
export function newForm(events: WebhookEvents | undefined): WebhookForm {
  const notifyType = asNotifyType(events?.notify_type?.[0]);
  const formats = payloadFormatsFor(events, notifyType);
  return {
    name: '',
    description: '',
    notifyType,
    payloadFormat: formats.includes(DEFAULT_PAYLOAD_FORMAT)
      ? DEFAULT_PAYLOAD_FORMAT
      : (formats[0] ?? DEFAULT_PAYLOAD_FORMAT),
    eventTypes: [...(events?.event_type ?? [])],
    address: '',
    authHeader: '',
    clearAuthHeader: false,
    verifyCert: true,
  };
}

/** The form for an existing policy; its auth header is never shown, so the field starts empty. */
export function formOf(policy: WebhookPolicy): WebhookForm {
  const target = policy.targets[0];
  return {
    name: policy.name,
    description: policy.description ?? '',
    notifyType: asNotifyType(target?.type),
    payloadFormat: target?.payload_format || DEFAULT_PAYLOAD_FORMAT,
    eventTypes: [...policy.event_types],
    address: target?.address ?? '',
    authHeader: '',
    clearAuthHeader: false,
    verifyCert: target ? !target.skip_cert_verify : false,
  };
}

/** The first problem of the form, or null. */
export function formProblem(form: WebhookForm): FormProblem | null {
  if (!form.name.trim()) return 'webhook.name_required';
  if (form.eventTypes.length === 0) return 'webhook.event_type_required';
  if (!form.address.trim()) return 'webhook.url_required';
  return null;
}

/** Nothing to save: the form still says what the policy holds and no header is typed or cleared. */
export function isUnchanged(form: WebhookForm, editing: WebhookPolicy | undefined): boolean {
  if (!editing) return false;
  const before = formOf(editing);
  const sameTypes =
    before.eventTypes.length === form.eventTypes.length &&
    before.eventTypes.every((type) => form.eventTypes.includes(type));
  return (
    sameTypes &&
    before.name === form.name &&
    before.description === form.description &&
    before.notifyType === form.notifyType &&
    (form.notifyType === 'slack' || before.payloadFormat === form.payloadFormat) &&
    before.address === form.address &&
    before.verifyCert === form.verifyCert &&
    form.authHeader === '' &&
    !form.clearAuthHeader
  );
}

/**
 * Harbor's WebhookPolicy body from the form. A Slack target has neither payload format nor auth
 * header; an empty header field is left out (core keeps the stored one) unless it is to be cleared.
 * `eventOrder` (the supported types) orders the event types as the checkboxes list them.
 */
export function policyBody(
  form: WebhookForm,
  enabled: boolean,
  eventOrder: readonly string[] = [],
): WebhookPolicyBody {
  const target: WebhookTargetBody = {
    type: form.notifyType,
    address: form.address.trim(),
    skip_cert_verify: !form.verifyCert,
  };
  if (form.notifyType === 'http') {
    target.payload_format = form.payloadFormat;
    if (form.authHeader.trim()) target.auth_header = form.authHeader.trim();
    else if (form.clearAuthHeader) target.auth_header = '';
  }
  const rank = (type: string) => {
    const index = eventOrder.indexOf(type);
    return index === -1 ? eventOrder.length : index;
  };
  return {
    name: form.name.trim(),
    description: form.description,
    enabled,
    event_types: [...form.eventTypes].sort((a, b) => rank(a) - rank(b)),
    targets: [target],
  };
}

/**
 * Enable / disable: the policy as listed with `enabled` flipped. Its targets carry no auth header,
 * so core keeps the stored one.
 */
export function toggledPolicy(policy: WebhookPolicy): WebhookPolicyBody {
  return {
    name: policy.name,
    description: policy.description ?? '',
    enabled: !policy.enabled,
    event_types: policy.event_types,
    targets: policy.targets.map((target) => ({
      type: asNotifyType(target.type),
      address: target.address,
      skip_cert_verify: target.skip_cert_verify ?? false,
      ...(target.payload_format ? { payload_format: target.payload_format } : {}),
    })),
  };
}

/** The newest `last_trigger_time` of each policy, by policy name (what `/lasttrigger` groups by). */
export function lastTriggerTimes(triggers: WebhookLastTrigger[] | undefined): Map<string, string> {
  const times = new Map<string, string>();
  for (const trigger of triggers ?? []) {
    if (!trigger.policy_name || !trigger.last_trigger_time) continue;
    const known = times.get(trigger.policy_name);
    if (!known || Date.parse(trigger.last_trigger_time) > Date.parse(known))
      times.set(trigger.policy_name, trigger.last_trigger_time);
  }
  return times;
}

/** Harbor's names for the event types (its EVENT_TYPES_TEXT_MAP), translated. */
const EVENT_TYPE_KEYS: Record<string, MessageKey> = {
  PUSH_ARTIFACT: 'webhook.event_push_artifact',
  PULL_ARTIFACT: 'webhook.event_pull_artifact',
  DELETE_ARTIFACT: 'webhook.event_delete_artifact',
  QUOTA_EXCEED: 'webhook.event_quota_exceed',
  QUOTA_WARNING: 'webhook.event_quota_warning',
  SCANNING_FAILED: 'webhook.event_scanning_failed',
  SCANNING_STOPPED: 'webhook.event_scanning_stopped',
  SCANNING_COMPLETED: 'webhook.event_scanning_completed',
  REPLICATION: 'webhook.event_replication',
  TAG_RETENTION: 'webhook.event_tag_retention',
};

/** The message of a known event type; undefined for one the portal does not know (shown as sent). */
export const eventTypeKey = (type: string): MessageKey | undefined => EVENT_TYPE_KEYS[type];

const PAYLOAD_FORMAT_KEYS: Record<string, MessageKey> = {
  Default: 'webhook.format_default',
  CloudEvents: 'webhook.format_cloudevents',
};

export const payloadFormatKey = (format: string): MessageKey | undefined => PAYLOAD_FORMAT_KEYS[format];

const NOTIFY_TYPE_KEYS: Record<string, MessageKey> = {
  http: 'webhook.notify_http',
  slack: 'webhook.notify_slack',
};

export const notifyTypeKey = (type: string): MessageKey | undefined => NOTIFY_TYPE_KEYS[type];

/** The event type an execution delivered (core records it in `extra_attrs.event_type`). */
export function executionEventType(extraAttrs: Record<string, unknown> | undefined): string {
  const type = extraAttrs?.event_type;
  return typeof type === 'string' ? type : '';
}
