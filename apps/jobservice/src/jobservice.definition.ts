import { jobserviceConfigSchema } from '@harbor-ts/config';
import { HarborErrorFilter, type ServiceDefinition } from '@harbor-ts/runtime';
import { JobserviceModule } from './jobservice.module.js';

export const jobserviceDefinition: ServiceDefinition<typeof jobserviceConfigSchema> = {
  name: 'jobservice',
  schema: jobserviceConfigSchema,
  module: JobserviceModule,
  configure: (app, _config, logger) => {
    app.useGlobalFilters(new HarborErrorFilter(logger));
  },
};
