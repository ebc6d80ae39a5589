import { chmodSync, rmSync } from 'node:fs';
import {
  ConfigError,
  loadServiceConfig,
  registryctlConfigSchema,
  type RegistryctlConfig,
} from '@harbor-ts/config';
// The logger's own entry: the package's main one loads NestJS, which this process does not use.
import { createLogger } from '@harbor-ts/runtime/logger';
import { createRegistryctlServer } from './server.js';

/**
 * registryctl is a plain node:http server, not a NestJS app as core is: it has four routes, and
 * without Nest and Fastify it idles at about half the memory (bench/README.md "footprint").
 */
function loadConfig(): RegistryctlConfig {
  const index = process.argv.indexOf('--config');
  const file = index >= 0 ? process.argv[index + 1] : undefined;
  try {
    if (!file)
      throw new ConfigError('(command line)', '--config', 'missing: start the service with --config <file>');
    return loadServiceConfig(registryctlConfigSchema, file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`harbor-ts registryctl: invalid configuration: ${error.message}\n`);
    process.exit(2);
  }
}

const config = loadConfig();
const logger = createLogger('registryctl', config.log);
const server = createRegistryctlServer(config, logger);

const listen = config.listen;
if ('socket' in listen) {
  rmSync(listen.socket, { force: true }); // a stale socket from a killed process blocks listen()
  server.listen(listen.socket, () => {
    chmodSync(listen.socket, 0o666); // nginx workers run as another user; access is guarded by credentials
    logger.info({ listen }, 'registryctl started');
  });
} else {
  server.listen(listen.port, listen.host, () => logger.info({ listen }, 'registryctl started'));
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
