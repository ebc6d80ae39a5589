/** Who calls, in the column order of every role-matrix row: admin, the five project roles, a non-member, anonymous. */
export const CALLERS = [
  'admin',
  'projectAdmin',
  'maintainer',
  'developer',
  'guest',
  'limitedGuest',
  'nonMember',
  'anonymous',
] as const;
export type Caller = (typeof CALLERS)[number];

/** Harbor's role ids for the callers that are project members. */
export const ROLE_OF: Partial<Record<Caller, number>> = {
  projectAdmin: 1,
  developer: 2,
  guest: 3,
  maintainer: 4,
  limitedGuest: 5,
};
