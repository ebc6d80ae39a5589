/** Who is calling: resolved once per request by the auth guard, or by the token service for `/service/token`. */
export type Principal = AnonymousPrincipal | UserPrincipal | RobotPrincipal;

export interface AnonymousPrincipal {
  kind: 'anonymous';
}

export interface UserPrincipal {
  kind: 'user';
  userId: number;
  username: string;
  sysadmin: boolean;
}

export interface RobotPrincipal {
  kind: 'robot';
  robotId: number;
  /** The full name including the prefix: `robot$name` or `robot$<project>+<name>`. */
  name: string;
  /** 0 for a system robot. */
  projectId: number;
  creatorRef: number;
  creatorType: string;
}

export const ANONYMOUS: AnonymousPrincipal = { kind: 'anonymous' };

/** The name written to audit logs and shown as `creator`/`owner_name`. */
export function principalName(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'user':
      return principal.username;
    case 'robot':
      return principal.name;
  }
}
