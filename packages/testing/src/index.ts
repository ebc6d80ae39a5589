export { freePort } from './free-port.js';
export { TEST_PG_URL, TEST_REDIS_URL, uniqueName } from './test-env.js';
export { createTestDatabase, testDatabaseConfig, type TestDatabase } from './test-database.js';
export { flushTestRedis, testRedisConfig } from './test-redis.js';
export {
  harborYml,
  REPO_ROOT,
  startNativeStack,
  type NativeStack,
  type NativeStackOptions,
} from './native-stack.js';
export { REGISTRY_MAIN, startRegistry, type RegistryProcess } from './registry-process.js';
export {
  REGISTRYCTL_MAIN,
  startRegistryctl,
  TEST_INTERNAL_SECRETS,
  type RegistryctlProcess,
} from './registryctl-process.js';
export {
  LDAP_ADMIN,
  LDAP_SUFFIX,
  startSlapd,
  type LdapGroup,
  type LdapPerson,
  type SlapdProcess,
} from './slapd-process.js';
export { startOidcProvider, type OidcTestProvider, type OidcTestUser } from './oidc-provider-process.js';
export { privateCa, type PrivateCa } from './private-ca.js';
