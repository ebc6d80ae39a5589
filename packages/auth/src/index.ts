export { hashPassword, PASSWORD_VERSION, passwordPolicyViolation, verifyPassword } from './password.js';
export {
  isProjectRoleId,
  isRbacAction,
  isRbacResource,
  PROJECT_ROLE_IDS,
  PROJECT_ROLE_NAMES,
  ProjectRole,
  publicProjectAllows,
  publicProjectPermissions,
  RBAC_ACTIONS,
  RBAC_RESOURCES,
  roleAllows,
  rolePermissions,
  type Permission,
  type ProjectRoleId,
  type RbacAction,
  type RbacResource,
} from './rbac.js';
export {
  ROBOT_PERMISSIONS,
  robotMayHold,
  type ResourceAction,
  type RobotPermissionScope,
} from './robot-permissions.js';
