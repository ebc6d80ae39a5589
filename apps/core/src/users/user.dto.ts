import { z } from 'zod';

// Harbor's profile rules (validateUserProfile): these characters are refused in names.
const ILLEGAL_NAME_CHARS = /[,~#$%]/;
const username = z
  .string()
  .min(1)
  .max(255)
  .refine((value) => !ILLEGAL_NAME_CHARS.test(value) && !value.includes('"'), 'contains illegal characters')
  .refine((value) => !value.startsWith('robot$'), 'must not start with the robot prefix');
const email = z.union([z.literal(''), z.email().max(255)]);
const realname = z
  .string()
  .min(1)
  .max(255)
  .refine((v) => !ILLEGAL_NAME_CHARS.test(v), 'contains illegal characters');
const comment = z.string().max(30);

/** UserCreationReq; any other field (sysadmin_flag included) is dropped, never honoured. */
export const userCreationSchema = z.object({
  username,
  email: email.optional(),
  realname,
  comment: comment.optional(),
  password: z.string(),
});

export const userProfileSchema = z.object({
  email: email.optional(),
  realname: realname.optional(),
  comment: comment.optional(),
});

export const passwordChangeSchema = z.object({
  old_password: z.string().optional(),
  new_password: z.string(),
});

export const sysadminFlagSchema = z.object({ sysadmin_flag: z.boolean() });

export interface UserRow {
  user_id: number;
  username: string;
  email: string | null;
  realname: string;
  comment: string;
  sysadmin_flag: boolean;
  /** Admin through the directory's or provider's admin group at the last sign-in. */
  admin_role_in_auth: boolean;
  creation_time: Date;
  update_time: Date;
}

/** The columns safe to return; password, salt and reset_uuid are never selected. */
export const USER_COLUMNS =
  'user_id, username, email, realname, comment, sysadmin_flag, admin_role_in_auth, creation_time, update_time';

/** Harbor's UserResp. */
export function toUserResp(row: UserRow) {
  return {
    user_id: row.user_id,
    username: row.username,
    email: row.email ?? '',
    realname: row.realname,
    comment: row.comment,
    sysadmin_flag: row.sysadmin_flag,
    admin_role_in_auth: row.admin_role_in_auth,
    creation_time: row.creation_time.toISOString(),
    update_time: row.update_time.toISOString(),
  };
}
