import { z } from 'zod';

export const GROUP_TYPES = { ldap: 1, http: 2, oidc: 3 } as const;
export type GroupType = (typeof GROUP_TYPES)[keyof typeof GROUP_TYPES];

const groupType = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/** Harbor's UserGroup as POST /usergroups takes it; an LDAP group needs its DN. */
export const userGroupCreationSchema = z.object({
  id: z.number().optional(),
  group_name: z.string().trim().min(1, 'the group name is required').max(255),
  group_type: groupType,
  ldap_group_dn: z.string().trim().max(512).optional(),
});

/** PUT /usergroups/{id}: only the name changes, as in Harbor. */
export const userGroupUpdateSchema = z
  .object({ group_name: z.string().trim().min(1).max(255) })
  .passthrough();

export interface UserGroupRow {
  id: number;
  group_name: string;
  group_type: number;
  ldap_group_dn: string;
}

/** Harbor's UserGroup. */
export function toUserGroup(row: UserGroupRow) {
  return {
    id: row.id,
    group_name: row.group_name,
    group_type: row.group_type,
    ldap_group_dn: row.ldap_group_dn,
  };
}

/** Harbor's UserGroupSearchItem. */
export function toUserGroupSearchItem(row: UserGroupRow) {
  return { id: row.id, group_name: row.group_name, group_type: row.group_type };
}
