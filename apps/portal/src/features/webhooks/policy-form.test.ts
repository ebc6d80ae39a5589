import { describe, expect, it } from 'vitest';
import type { WebhookEvents, WebhookPolicy } from './api';
import {
  executionEventType,
  formOf,
  formProblem,
  isUnchanged,
  lastTriggerTimes,
  newForm,
  payloadFormatsFor,
  policyBody,
  toggledPolicy,
} from './policy-form';

const EVENTS: WebhookEvents = {
  event_type: ['PUSH_ARTIFACT', 'PULL_ARTIFACT', 'DELETE_ARTIFACT', 'QUOTA_EXCEED', 'QUOTA_WARNING'],
  notify_type: ['http', 'slack'],
  payload_formats: [{ notify_type: 'http', formats: ['Default', 'CloudEvents'] }],
};

const POLICY: WebhookPolicy = {
  id: 7,
  name: 'ci',
  description: 'tell CI',
  enabled: true,
  event_types: ['PUSH_ARTIFACT'],
  targets: [
    {
      type: 'http',
      address: 'http://ci.example.com/hook',
      skip_cert_verify: false,
      payload_format: 'CloudEvents',
    },
  ],
};

describe('webhook policy form', () => {
  it("starts as Harbor's: http, Default payload, every event type checked, certificate not verified", () => {
    expect(newForm(EVENTS)).toEqual({
      name: '',
      description: '',
      notifyType: 'http',
      payloadFormat: 'Default',
      eventTypes: EVENTS.event_type,
      address: '',
      authHeader: '',
      clearAuthHeader: false,
      verifyCert: true,
    });
    expect(payloadFormatsFor(EVENTS, 'slack')).toEqual([]);
  });

  it('tells a missing name, event type or address, in that order', () => {
    const form = newForm(EVENTS);
    expect(formProblem(form)).toBe('webhook.name_required');
    expect(formProblem({ ...form, name: 'x', eventTypes: [] })).toBe('webhook.event_type_required');
    expect(formProblem({ ...form, name: 'x' })).toBe('webhook.url_required');
    expect(formProblem({ ...form, name: 'x', address: 'http://a' })).toBeNull();
  });

  it("sends Harbor's WebhookPolicy: event types in the offered order, skip_cert_verify = !verify", () => {
    const form = {
      ...newForm(EVENTS),
      name: ' ci ',
      address: ' http://ci/hook ',
      authHeader: 'Bearer t',
      eventTypes: ['QUOTA_EXCEED', 'PUSH_ARTIFACT'],
    };
    expect(policyBody(form, true, EVENTS.event_type)).toEqual({
      name: 'ci',
      description: '',
      enabled: true,
      event_types: ['PUSH_ARTIFACT', 'QUOTA_EXCEED'],
      targets: [
        {
          type: 'http',
          address: 'http://ci/hook',
          auth_header: 'Bearer t',
          skip_cert_verify: false,
          payload_format: 'Default',
        },
      ],
    });
  });

  it('leaves payload format and auth header out for Slack', () => {
    const form = { ...newForm(EVENTS), name: 's', address: 'https://hooks.slack.com/x', authHeader: 'x' };
    expect(policyBody({ ...form, notifyType: 'slack' }, false).targets).toEqual([
      { type: 'slack', address: 'https://hooks.slack.com/x', skip_cert_verify: false },
    ]);
  });

  it('edits with the header left out (kept by core), or sent empty to remove it', () => {
    const form = formOf(POLICY);
    expect(form).toMatchObject({ payloadFormat: 'CloudEvents', verifyCert: true, authHeader: '' });
    expect(isUnchanged(form, POLICY)).toBe(true);
    expect(policyBody(form, POLICY.enabled).targets[0]).not.toHaveProperty('auth_header');
    expect(isUnchanged({ ...form, clearAuthHeader: true }, POLICY)).toBe(false);
    expect(policyBody({ ...form, clearAuthHeader: true }, true).targets[0]?.auth_header).toBe('');
    expect(isUnchanged({ ...form, authHeader: 'Bearer new' }, POLICY)).toBe(false);
    expect(isUnchanged({ ...form, eventTypes: ['PULL_ARTIFACT'] }, POLICY)).toBe(false);
  });

  it('toggles a policy as listed, without an auth header', () => {
    expect(toggledPolicy(POLICY)).toEqual({
      name: 'ci',
      description: 'tell CI',
      enabled: false,
      event_types: ['PUSH_ARTIFACT'],
      targets: [
        {
          type: 'http',
          address: 'http://ci.example.com/hook',
          skip_cert_verify: false,
          payload_format: 'CloudEvents',
        },
      ],
    });
  });

  it('takes the newest trigger of each policy from /lasttrigger', () => {
    const times = lastTriggerTimes([
      { policy_name: 'ci', event_type: 'PUSH_ARTIFACT', last_trigger_time: '2024-05-01T10:00:00Z' },
      { policy_name: 'ci', event_type: 'PULL_ARTIFACT', last_trigger_time: '2024-05-02T10:00:00Z' },
      { policy_name: 'ci', event_type: 'DELETE_ARTIFACT' },
      { policy_name: 'quiet', event_type: 'PUSH_ARTIFACT' },
    ]);
    expect([...times]).toEqual([['ci', '2024-05-02T10:00:00Z']]);
  });

  it("reads an execution's event type from extra_attrs", () => {
    expect(executionEventType({ event_type: 'PUSH_ARTIFACT' })).toBe('PUSH_ARTIFACT');
    expect(executionEventType(undefined)).toBe('');
  });
});
