import type { z } from 'zod';
import { ConfigError, loadServiceConfig } from '@harbor-ts/config';

/** Reads `--config <file>` from the command line; the only place a service looks at its arguments. */
export function configPathFromArgv(argv = process.argv): string {
  const index = argv.indexOf('--config');
  const path = index >= 0 ? argv[index + 1] : undefined;
  if (!path)
    throw new ConfigError('(command line)', '--config', 'missing: start the service with --config <file>');
  return path;
}

/** The service's validated config; an invalid one ends the process with code 2 and the reason on stderr. */
export function loadConfigOrExit<S extends z.ZodType>(name: string, schema: S): z.output<S> {
  try {
    return loadServiceConfig(schema, configPathFromArgv());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`harbor-ts ${name}: invalid configuration: ${error.message}\n`);
    process.exit(2);
  }
}
