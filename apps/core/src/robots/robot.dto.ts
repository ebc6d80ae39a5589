import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { passwordPolicyViolation } from '@harbor-ts/auth';
import { INT4_MAX } from '../common/validation.js';

export const ROBOT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Which pairs a robot may hold is checked against Harbor's lists (robot-permission-scope.ts). */
const access = z.object({
  resource: z.string(),
  action: z.string(),
  effect: z.enum(['allow']).optional(),
});
export const robotPermissionSchema = z.object({
  kind: z.enum(['project', 'system']),
  namespace: z.string().min(1),
  access: z.array(access),
});
export type RobotPermissionRequest = z.output<typeof robotPermissionSchema>;

/** RobotCreate. */
export const robotCreateSchema = z.object({
  name: z.string().max(255).regex(ROBOT_NAME, 'must match [a-z0-9]+(?:[._-][a-z0-9]+)*'),
  description: z.string().max(1024).optional(),
  secret: z.string().optional(),
  level: z.enum(['system', 'project']),
  disable: z.boolean().optional(),
  duration: z.number().int().min(-1).max(INT4_MAX),
  permissions: z.array(robotPermissionSchema).min(1),
});
export type RobotCreateRequest = z.output<typeof robotCreateSchema>;

/** Robot, as PUT sends it back: name and level must stay, the rest may change. */
export const robotUpdateSchema = z.object({
  name: z.string(),
  description: z.string().max(1024).optional(),
  level: z.enum(['system', 'project']),
  disable: z.boolean().optional(),
  duration: z.number().int().min(-1).max(INT4_MAX).optional(),
  permissions: z.array(robotPermissionSchema).min(1),
});
export type RobotUpdateRequest = z.output<typeof robotUpdateSchema>;

export const robotSecretSchema = z.object({ secret: z.string().optional() });

export interface RobotRow {
  id: number;
  name: string;
  description: string;
  project_id: number;
  expires_at: string;
  duration: number;
  disabled: boolean;
  creator_ref: number;
  creator_type: string;
  creation_time: Date;
  update_time: Date;
}

export const ROBOT_COLUMNS =
  'id, name, description, project_id, expires_at, duration, disabled, creator_ref, creator_type, creation_time, update_time';

export interface RobotPermissionResp {
  kind: string;
  namespace: string;
  access: { resource: string; action: string; effect: string }[];
}

/** Harbor's Robot; the secret is never part of it. `prefix` is `robot_name_prefix`, shown before the stored name. */
export function toRobotResp(row: RobotRow, permissions: RobotPermissionResp[], prefix: string) {
  return {
    id: row.id,
    name: `${prefix}${row.name}`,
    description: row.description,
    level: row.project_id === 0 ? 'system' : 'project',
    duration: row.duration,
    editable: true,
    disable: row.disabled,
    expires_at: Number(row.expires_at),
    permissions,
    creator_type: row.creator_type,
    creator_ref: row.creator_ref,
    creation_time: row.creation_time.toISOString(),
    update_time: row.update_time.toISOString(),
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 32-character random secret that meets the password policy (like Harbor's generated ones). */
export function generateRobotSecret(): string {
  for (;;) {
    const secret = Array.from({ length: 32 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (!passwordPolicyViolation(secret)) return secret;
  }
}

/** Epoch seconds of expiry; -1 never. Duration is in days, counted from creation. */
export function expiresAt(durationDays: number, from: Date): number {
  return durationDays === -1 ? -1 : Math.floor(from.getTime() / 1000) + durationDays * 24 * 3600;
}
