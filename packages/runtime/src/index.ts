export { EndpointClient } from './endpoint-client.js';
export { HarborErrorFilter } from './harbor-error.filter.js';
export { createLogger, PinoNestLogger } from './logger.js';
export { configPathFromArgv } from './config-from-argv.js';
export { createServiceApp, runService, type ServiceDefinition } from './run-service.js';
export { LOGGER, SERVICE_CONFIG } from './tokens.js';
export { redisOptions } from './redis-options.js';
export { redisConnection } from './redis-connection.js';
