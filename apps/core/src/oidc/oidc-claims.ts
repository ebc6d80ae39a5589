import type { OidcSettings } from './oidc-settings.js';

/** Harbor's oidc.UserInfo: who the provider says signed in, and their groups. */
export interface OidcUserInfo {
  subject: string;
  issuer: string;
  username: string;
  email: string;
  groups: string[];
  adminGroupMember: boolean;
  /** Whether the claims held the groups claim at all (then they replace the user's groups). */
  hasGroupClaim: boolean;
}

type Claims = Record<string, unknown>;

/**
 * Harbor's userInfoFromClaims and mergeUserInfo: the username from `oidc_user_claim` (else `name`),
 * groups from `oidc_groups_claim` (a string or a list of strings), admin when they include
 * `oidc_admin_group`. The userinfo endpoint's claims win over the ID token's, except the subject.
 */
export function userInfoFromClaims(
  idToken: Claims,
  userinfo: Claims | undefined,
  settings: Pick<OidcSettings, 'userClaim' | 'groupsClaim' | 'adminGroup'>,
): OidcUserInfo {
  const local = read(idToken, settings);
  const remote = userinfo && read(userinfo, settings);
  if (remote && remote.subject && remote.subject !== local.subject) {
    throw new Error('the subject from userinfo does not match the subject of the ID token');
  }
  const groupsFrom = remote?.hasGroupClaim ? remote : local;
  return {
    subject: local.subject,
    issuer: local.issuer,
    username: (settings.userClaim && local.username) || remote?.username || local.username,
    email: remote?.email || local.email,
    groups: groupsFrom.groups,
    adminGroupMember: groupsFrom.adminGroupMember,
    hasGroupClaim: groupsFrom.hasGroupClaim,
  };
}

function read(claims: Claims, settings: Pick<OidcSettings, 'userClaim' | 'groupsClaim' | 'adminGroup'>) {
  const usernameClaim = settings.userClaim || 'name';
  const raw = settings.groupsClaim ? claims[settings.groupsClaim] : undefined;
  const hasGroupClaim = typeof raw === 'string' || Array.isArray(raw);
  const groups =
    typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((g) => typeof g === 'string') : [];
  return {
    subject: text(claims.sub),
    issuer: text(claims.iss),
    username: text(claims[usernameClaim]),
    email: text(claims.email),
    groups,
    adminGroupMember: settings.adminGroup !== '' && groups.includes(settings.adminGroup),
    hasGroupClaim,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Harbor's filterGroup: only groups matching `oidc_group_filter` are onboarded (all when it is empty). */
export function filterGroups(groups: string[], filter: string): string[] {
  if (filter === '') return groups;
  const pattern = new RegExp(filter);
  return groups.filter((group) => pattern.test(group));
}
