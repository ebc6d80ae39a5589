import type { ReplicationPolicy, ReplicationPolicyInput } from './api';

export type TriggerType = 'manual' | 'scheduled' | 'event_based';

/** The New / Edit Replication Rule form; filters are Harbor's name, tag (with matches/excludes), label and resource. */
export interface PolicyForm {
  name: string;
  description: string;
  mode: 'push' | 'pull';
  /** The remote side: destination of a push rule, source of a pull rule. */
  remoteId: number;
  nameFilter: string;
  tagFilter: string;
  tagDecoration: 'matches' | 'excludes';
  /** Comma-separated label names. */
  labelFilter: string;
  labelDecoration: 'matches' | 'excludes';
  resource: '' | 'image' | 'artifact';
  destNamespace: string;
  replaceCount: number;
  trigger: TriggerType;
  cron: string;
  deletion: boolean;
  override: boolean;
  enabled: boolean;
  copyByChunk: boolean;
  /** KB/s; -1 is unlimited, as in Harbor's form. */
  speed: number;
}

export const FLATTENING = [-1, 0, 1, 2, 3] as const;

export function newForm(remoteId: number): PolicyForm {
  return {
    name: '',
    description: '',
    mode: 'push',
    remoteId,
    nameFilter: '',
    tagFilter: '',
    tagDecoration: 'matches',
    labelFilter: '',
    labelDecoration: 'matches',
    resource: '',
    destNamespace: '',
    replaceCount: 1,
    trigger: 'manual',
    cron: '',
    deletion: false,
    override: true,
    enabled: true,
    copyByChunk: false,
    speed: -1,
  };
}

type Filter = NonNullable<ReplicationPolicyInput['filters']>[number];

function filterOf(policy: ReplicationPolicy, type: string): Filter | undefined {
  return policy.filters?.find((filter) => filter.type === type);
}

export function formOf(policy: ReplicationPolicy): PolicyForm {
  const pull = (policy.src_registry?.id ?? 0) !== 0;
  const tag = filterOf(policy, 'tag');
  const label = filterOf(policy, 'label');
  return {
    name: policy.name,
    description: policy.description ?? '',
    mode: pull ? 'pull' : 'push',
    remoteId: (pull ? policy.src_registry?.id : policy.dest_registry?.id) ?? 0,
    nameFilter: String(filterOf(policy, 'name')?.value ?? ''),
    tagFilter: String(tag?.value ?? ''),
    tagDecoration: tag?.decoration === 'excludes' ? 'excludes' : 'matches',
    labelFilter: Array.isArray(label?.value) ? (label.value as string[]).join(',') : '',
    labelDecoration: label?.decoration === 'excludes' ? 'excludes' : 'matches',
    resource: (filterOf(policy, 'resource')?.value as PolicyForm['resource'] | undefined) ?? '',
    destNamespace: policy.dest_namespace ?? '',
    replaceCount: policy.dest_namespace_replace_count ?? -1,
    trigger: (policy.trigger?.type as TriggerType | undefined) ?? 'manual',
    cron: policy.trigger?.trigger_settings?.cron ?? '',
    deletion: policy.deletion ?? policy.replicate_deletion ?? false,
    override: policy.override ?? false,
    enabled: policy.enabled ?? false,
    copyByChunk: policy.copy_by_chunk ?? false,
    speed: policy.speed ? policy.speed : -1,
  };
}

/** The API body, as Harbor's portal sends it: the local side is id 0, empty filters are left out. */
export function policyBody(form: PolicyForm): ReplicationPolicyInput {
  const filters: Filter[] = [];
  if (form.nameFilter) filters.push({ type: 'name', value: form.nameFilter });
  if (form.tagFilter) filters.push({ type: 'tag', value: form.tagFilter, decoration: form.tagDecoration });
  const labels = form.labelFilter
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);
  if (labels.length) filters.push({ type: 'label', value: labels, decoration: form.labelDecoration });
  if (form.resource) filters.push({ type: 'resource', value: form.resource });
  const remote = { id: form.remoteId };
  const local = { id: 0 };
  return {
    name: form.name,
    description: form.description,
    src_registry: form.mode === 'pull' ? remote : local,
    dest_registry: form.mode === 'pull' ? local : remote,
    dest_namespace: form.destNamespace,
    dest_namespace_replace_count: form.replaceCount,
    trigger: {
      type: form.trigger,
      trigger_settings: { cron: form.trigger === 'scheduled' ? form.cron : '' },
    },
    filters,
    deletion: form.mode === 'push' && form.trigger === 'event_based' ? form.deletion : false,
    override: form.override,
    enabled: form.enabled,
    copy_by_chunk: form.copyByChunk,
    speed: form.speed < 0 ? 0 : form.speed,
  };
}
