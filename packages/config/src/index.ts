export { ConfigError } from './config-error.js';
export { isDuration, parseDurationMs } from './duration.js';
export { harborYmlSchema, type HarborYml } from './harbor-yml.schema.js';
export { loadHarborYml, parseHarborYml } from './load-harbor-yml.js';
export { loadServiceConfig } from './load-service-config.js';
export * from './service-config.schema.js';
export { HARBOR_TS_VERSION } from './version.js';
