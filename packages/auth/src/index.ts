export { hashPassword, PASSWORD_VERSION, passwordPolicyViolation, verifyPassword } from './password.js';
