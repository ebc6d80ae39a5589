/** The auth module's public surface, for other core modules (token service, /v2 gatekeeper). */
export { AuthModule } from './auth.module.js';
export { AuthenticationService } from './authentication.service.js';
export { RobotNames, storedRobotName } from './robot-names.js';
export {
  ANONYMOUS,
  principalName,
  type Principal,
  type RobotPrincipal,
  type UserPrincipal,
} from './principal.js';
export { SecurityContext, type ProjectRef } from './security-context.js';
export { SecurityContextFactory } from './security-context.factory.js';
export { Security } from './security.decorator.js';
export { SessionStore } from './session.store.js';
