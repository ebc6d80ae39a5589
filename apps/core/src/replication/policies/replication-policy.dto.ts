import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { cronProblem } from '@harbor-ts/jobs';
import { isValidRepositoryName } from '@harbor-ts/oci';

const registryRef = z.object({ id: z.number().int().min(0).default(0) }).passthrough();

/** Harbor's `ReplicationPolicy` as a create or update body; read-only fields sent back are ignored. */
export const replicationPolicySchema = z.object({
  name: z.string().default(''),
  description: z.string().default(''),
  src_registry: registryRef.nullish(),
  dest_registry: registryRef.nullish(),
  dest_namespace: z.string().default(''),
  dest_namespace_replace_count: z.number().int().min(-1).max(127).nullish(),
  trigger: z
    .object({
      type: z.string().default(''),
      trigger_settings: z.object({ cron: z.string().default('') }).nullish(),
    })
    .nullish(),
  filters: z
    .array(z.object({ type: z.string().default(''), value: z.unknown(), decoration: z.string().default('') }))
    .nullish(),
  // Harbor reads `deletion`; `replicate_deletion` is the same flag under its newer name.
  deletion: z.boolean().optional(),
  replicate_deletion: z.boolean().optional(),
  override: z.boolean().default(false),
  enabled: z.boolean().default(false),
  speed: z.number().int().nullish(),
  copy_by_chunk: z.boolean().nullish(),
  single_active_replication: z.boolean().nullish(),
});
export type ReplicationPolicyBody = z.output<typeof replicationPolicySchema>;

export interface ReplicationFilter {
  type: string;
  value: unknown;
  decoration?: string;
}

export interface ReplicationTrigger {
  type: string;
  trigger_settings?: { cron: string };
}

/** A policy as stored: registry ids (0 = this instance), JSON trigger and filters, Harbor's flags. */
export interface PolicyWrite {
  name: string;
  description: string;
  srcRegistryId: number;
  destRegistryId: number;
  destNamespace: string;
  destNamespaceReplaceCount: number;
  trigger: ReplicationTrigger | undefined;
  filters: ReplicationFilter[];
  replicateDeletion: boolean;
  override: boolean;
  enabled: boolean;
  speed: number;
  copyByChunk: boolean;
  singleActiveReplication: boolean;
}

const bad = (message: string) => HarborError.badRequest(message);

function checkFilter(filter: ReplicationFilter): void {
  switch (filter.type) {
    case 'resource':
    case 'name':
    case 'tag': {
      if (typeof filter.value !== 'string') throw bad("the type of filter value isn't string");
      if (filter.type === 'resource' && filter.value !== 'artifact' && filter.value !== 'image')
        throw bad(`invalid resource filter: ${filter.value}`);
      if (filter.type !== 'tag' && filter.decoration)
        throw bad('only tag and label filter support decoration');
      break;
    }
    case 'label':
      if (!Array.isArray(filter.value) || filter.value.some((label) => typeof label !== 'string'))
        throw bad("the type of label filter value isn't string slice");
      break;
    default:
      throw bad('invalid filter type');
  }
  if (filter.decoration && filter.decoration !== 'matches' && filter.decoration !== 'excludes')
    throw bad(`invalid filter decoration, :${filter.decoration}`);
}

function checkTrigger(trigger: ReplicationTrigger): void {
  switch (trigger.type) {
    case 'manual':
    case 'event_based':
      return;
    case 'scheduled': {
      const cron = trigger.trigger_settings?.cron ?? '';
      if (!cron) throw bad('the cron string cannot be empty when the trigger type is scheduled');
      const fields = cron.trim().split(/\s+/);
      if (fields.length === 6 && fields[0] !== '0')
        throw bad('the 1st field (indicating Seconds of time) of the cron setting must be 0');
      if (cronProblem(cron)) throw bad(`invalid cron string for scheduled trigger: ${cron}`);
      if (fields[1] === '*')
        throw bad('* is not allowed for the Minutes field of the cron setting of replication policy');
      return;
    }
    default:
      throw bad('invalid trigger type');
  }
}

/** Harbor's policy rules (its handler, then `Policy.Validate`), in Harbor's order and words. */
export function policyWrite(body: ReplicationPolicyBody): PolicyWrite {
  const trigger: ReplicationTrigger | undefined = body.trigger
    ? {
        type: body.trigger.type,
        ...(body.trigger.trigger_settings
          ? { trigger_settings: { cron: body.trigger.trigger_settings.cron } }
          : {}),
      }
    : undefined;
  if (trigger?.type === 'event_based' && body.single_active_replication)
    throw bad('single active replication is not allowed for event_based triggers');
  const write: PolicyWrite = {
    name: body.name,
    description: body.description,
    srcRegistryId: body.src_registry?.id ?? 0,
    destRegistryId: body.dest_registry?.id ?? 0,
    destNamespace: body.dest_namespace,
    destNamespaceReplaceCount: body.dest_namespace_replace_count ?? -1,
    trigger,
    filters: (body.filters ?? []).map((f) => ({
      type: f.type,
      value: f.value,
      ...(f.decoration ? { decoration: f.decoration } : {}),
    })),
    replicateDeletion: body.deletion ?? body.replicate_deletion ?? false,
    override: body.override,
    enabled: body.enabled,
    speed: Math.max(body.speed ?? 0, 0),
    copyByChunk: body.copy_by_chunk ?? false,
    singleActiveReplication: body.single_active_replication ?? false,
  };
  if (!write.name) throw bad('empty name');
  if ((write.srcRegistryId !== 0) === (write.destRegistryId !== 0))
    throw bad("either src_registry or dest_registry should be empty and the other one shouldn't be empty");
  write.filters.forEach(checkFilter);
  if (write.destNamespace && !isValidRepositoryName(write.destNamespace))
    throw bad(`invalid destination namespace: ${write.destNamespace}`);
  if (trigger) checkTrigger(trigger);
  return write;
}

/** The cron a policy's schedule fires on; undefined unless it is enabled and scheduled (Harbor's rule). */
export function scheduledCron(write: PolicyWrite): string | undefined {
  if (!write.enabled || write.trigger?.type !== 'scheduled') return undefined;
  return write.trigger.trigger_settings?.cron;
}
