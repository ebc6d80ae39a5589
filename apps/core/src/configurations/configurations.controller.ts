import { Body, Controller, Get, Put } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { validate } from '../common/validation.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { configurationsUpdateSchema, toConfigurationsResponse } from './configurations.schema.js';
import { ConfigurationsService } from './configurations.service.js';

@Controller('api/v2.0/configurations')
export class ConfigurationsController {
  constructor(
    private readonly configuration: ConfigurationService,
    private readonly configurations: ConfigurationsService,
  ) {}

  @Get()
  async getConfigurations(@Security() s: SecurityContext) {
    await this.requireSystem(s, 'read');
    const lockedAuthMode = await this.configurations.hasUsersBesidesAdmin();
    return toConfigurationsResponse(await this.configuration.getAll(), !lockedAuthMode);
  }

  @Put()
  async updateConfigurations(@Security() s: SecurityContext, @Body() body: unknown) {
    await this.requireSystem(s, 'update');
    await this.configurations.update(s, validate(configurationsUpdateSchema, body));
  }

  private async requireSystem(s: SecurityContext, action: string) {
    s.requireAuthenticated();
    if (!(await s.canSystem('configuration', action))) throw HarborError.forbidden('forbidden');
  }
}
