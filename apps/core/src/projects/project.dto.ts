import { z } from 'zod';
import { allowlistSchema } from '../cve-allowlist/allowlist-request.js';
import { COSIGN_PUBLIC_KEYS, parseCosignPublicKeys } from '../registry-gateway/signature-verdict.js';

/** Harbor's project name rule: lowercase alphanumerics separated by single `.`, `_` or `-`. */
export const PROJECT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const BOOLEAN_METADATA = [
  'public',
  'enable_content_trust',
  'enable_content_trust_cosign',
  'prevent_vul',
  'auto_scan',
  'auto_sbom_generation',
  'reuse_sys_cve_allowlist',
  'proxy_cache_local_on_not_found',
  'proxy_referrer_api',
] as const;
const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'];
const FREE_METADATA = [
  'retention_id',
  'proxy_speed_kb',
  'max_upstream_conn',
  'proxy_cache_filter_pattern',
  'proxy_cache_filter_kind',
];
export const METADATA_KEYS: readonly string[] = [
  ...BOOLEAN_METADATA,
  'severity',
  ...FREE_METADATA,
  COSIGN_PUBLIC_KEYS,
];

// Harbor accepts Go's ParseBool spellings and stores "true"/"false".
const TRUE_WORDS = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE_WORDS = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** Validates and normalises project metadata; returns a 400 message for the first bad entry. */
export function normaliseMetadata(
  metadata: Record<string, unknown>,
): { values: Record<string, string> } | { error: string } {
  const values: Record<string, string> = {};
  for (const [key, raw] of Object.entries(metadata)) {
    if (raw === null || raw === undefined) continue;
    const text = String(raw);
    if (!METADATA_KEYS.includes(key)) return { error: `metadata.${key}: unknown metadata` };
    if ((BOOLEAN_METADATA as readonly string[]).includes(key)) {
      if (TRUE_WORDS.includes(text)) values[key] = 'true';
      else if (FALSE_WORDS.includes(text)) values[key] = 'false';
      else return { error: `metadata.${key}: must be "true" or "false"` };
    } else if (key === 'severity') {
      if (!SEVERITIES.includes(text.toLowerCase()))
        return { error: `metadata.severity: must be one of ${SEVERITIES.join(', ')}` };
      values[key] = text.toLowerCase();
    } else if (key === COSIGN_PUBLIC_KEYS) {
      const keys = cosignPublicKeys(text);
      if (typeof keys !== 'object') return { error: `metadata.${key}: ${keys}` };
      values[key] = keys.value;
    } else if (text.length > 255) return { error: `metadata.${key}: at most 255 characters` };
    else values[key] = text;
  }
  return { values };
}

/**
 * harbor-ts's `cosign_public_keys`: a JSON array of PEM ECDSA P-256 public keys, stored re-exported
 * (canonical PEM) so it fits the 255 characters of a metadata value: one key; an empty array or "" clears.
 */
function cosignPublicKeys(text: string): { value: string } | string {
  if (text.trim() === '') return { value: '' };
  const keys = parseCosignPublicKeys(text);
  if (typeof keys === 'string') return keys;
  const value =
    keys.length === 0
      ? ''
      : JSON.stringify(keys.map((key) => key.export({ type: 'spki', format: 'pem' }).toString()));
  return value.length > 255 ? 'at most 255 characters: one PEM key' : { value };
}

const metadataSchema = z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.null()]));

/** ProjectReq. */
export const projectRequestSchema = z.object({
  project_name: z.string().max(255).optional(),
  public: z.boolean().nullish(),
  metadata: metadataSchema.optional(),
  storage_limit: z.number().int().min(-1).nullish(),
  registry_id: z.number().int().nullish(),
  cve_allowlist: allowlistSchema.nullish(),
});
export type ProjectRequest = z.output<typeof projectRequestSchema>;

export interface ProjectRow {
  project_id: number;
  owner_id: number;
  name: string;
  registry_id: number;
  creation_time: Date;
  update_time: Date;
  owner_name: string | null;
  repo_count: number;
  metadata: Record<string, string> | null;
  cve_allowlist: unknown;
}

/** Harbor's Project; the caller's roles are filled in per request. */
export function toProjectResp(row: ProjectRow, roles: number[], togglable: boolean) {
  return {
    project_id: row.project_id,
    owner_id: row.owner_id,
    name: row.name,
    registry_id: row.registry_id || undefined,
    creation_time: row.creation_time.toISOString(),
    update_time: row.update_time.toISOString(),
    owner_name: row.owner_name ?? '',
    togglable,
    current_user_role_id: highestRole(roles),
    current_user_role_ids: roles,
    repo_count: Number(row.repo_count),
    metadata: { public: 'false', ...(row.metadata ?? {}) },
    cve_allowlist: row.cve_allowlist,
  };
}

/** A listed project: its row with the caller's roles (`callerRolesSql`) as `my_roles`. */
export function toListedProjectResp(row: ProjectRow & { my_roles: number[] | null }, sysAdmin: boolean) {
  const roles = row.my_roles ?? [];
  return toProjectResp(row, roles, sysAdmin || highestRole(roles) === 1);
}

// Harbor's order of privilege among the role ids: projectAdmin, maintainer, developer, guest, limitedGuest.
const ROLE_PRIVILEGE = [1, 4, 2, 3, 5];
export function highestRole(roles: number[]): number {
  return ROLE_PRIVILEGE.find((role) => roles.includes(role)) ?? 0;
}
