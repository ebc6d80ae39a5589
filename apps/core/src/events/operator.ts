import { principalName } from '../auth/principal.js';
import type { SecurityContext } from '../auth/security-context.js';

/** The `operator` of an event: who the request acted as. */
export function operatorOf(security: SecurityContext): string {
  return principalName(security.principal);
}
