import { describe, expect, it } from 'vitest';
import { eventSelection, type EventArtifact, type EventPolicyRow } from './event-policy-match.js';

const policy = (overrides: Partial<EventPolicyRow> = {}): EventPolicyRow => ({
  id: 1,
  trigger: '{"type":"event_based"}',
  filters: '[]',
  src_registry_id: null,
  replicate_deletion: false,
  ...overrides,
});
const pushed: EventArtifact = {
  repository: 'library/app',
  digest: 'sha256:aa',
  tags: ['v1'],
  labels: [],
  type: 'IMAGE',
  deleted: false,
};

describe('eventSelection (which event-based policies an artifact event starts)', () => {
  it('starts an event-based policy from this instance, not a manual, scheduled or pull-based one', () => {
    expect(eventSelection(policy(), pushed)).toEqual(['v1']);
    expect(eventSelection(policy({ trigger: '{"type":"manual"}' }), pushed)).toBeUndefined();
    expect(eventSelection(policy({ trigger: '' }), pushed)).toBeUndefined();
    expect(eventSelection(policy({ src_registry_id: 3 }), pushed)).toBeUndefined();
  });

  it('replicates a deletion only when the policy says so', () => {
    const deleted = { ...pushed, deleted: true, type: undefined };
    expect(eventSelection(policy(), deleted)).toBeUndefined();
    expect(eventSelection(policy({ replicate_deletion: true }), deleted)).toEqual(['v1']);
  });

  it("applies Harbor's name, tag, label and resource filters, keeping only the tags selected", () => {
    const filters = (f: unknown[]) => policy({ filters: JSON.stringify(f) });
    expect(eventSelection(filters([{ type: 'name', value: 'library/**' }]), pushed)).toEqual(['v1']);
    expect(eventSelection(filters([{ type: 'name', value: 'other/**' }]), pushed)).toBeUndefined();
    expect(
      eventSelection(filters([{ type: 'name', value: 'library/**', decoration: 'excludes' }]), pushed),
    ).toBeUndefined();
    const twoTags = { ...pushed, tags: ['v1', 'dev'] };
    expect(eventSelection(filters([{ type: 'tag', value: 'v*' }]), twoTags)).toEqual(['v1']);
    expect(eventSelection(filters([{ type: 'tag', value: 'v*', decoration: 'excludes' }]), twoTags)).toEqual([
      'dev',
    ]);
    // An untagged push is matched as the empty tag.
    expect(eventSelection(filters([{ type: 'tag', value: 'v*' }]), { ...pushed, tags: [] })).toBeUndefined();
    expect(eventSelection(filters([{ type: 'label', value: ['prod'] }]), pushed)).toBeUndefined();
    expect(
      eventSelection(filters([{ type: 'label', value: ['prod'] }]), { ...pushed, labels: ['prod', 'x'] }),
    ).toEqual(['v1']);
    expect(
      eventSelection(filters([{ type: 'resource', value: 'image' }]), { ...pushed, type: 'CHART' }),
    ).toBeUndefined();
  });
});
