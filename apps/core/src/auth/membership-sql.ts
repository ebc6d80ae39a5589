/**
 * SQL that holds when the `project_member` row aliased `alias` makes the user (`userParam`, a bound
 * placeholder) a member: directly, or through a group their last directory or OIDC sign-in reported.
 * Every query that asks "is this user a member" uses it, so groups count everywhere a user does.
 */
export function memberIsUser(alias: string, userParam: string): string {
  return `((${alias}.entity_type = 'u' AND ${alias}.entity_id = ${userParam})
    OR (${alias}.entity_type = 'g' AND ${alias}.entity_id IN
      (SELECT ugm.group_id FROM user_group_membership ugm WHERE ugm.user_id = ${userParam})))`;
}
