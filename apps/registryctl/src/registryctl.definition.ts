import { registryctlConfigSchema } from '@harbor-ts/config';
import { HarborErrorFilter, type ServiceDefinition } from '@harbor-ts/runtime';
import { RegistryctlModule } from './registryctl.module.js';

export const registryctlDefinition: ServiceDefinition<typeof registryctlConfigSchema> = {
  name: 'registryctl',
  schema: registryctlConfigSchema,
  module: RegistryctlModule,
  configure: (app, _config, logger) => {
    app.useGlobalFilters(new HarborErrorFilter(logger));
  },
};
