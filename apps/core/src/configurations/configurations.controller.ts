import { Body, Controller, Get, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HarborError } from '@harbor-ts/errors';
import { AuditLogService } from '../audit-logs/audit-log.service.js';
import { Security, type SecurityContext } from '../auth/index.js';
import { validate } from '../common/validation.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { configurationsUpdateSchema, toConfigurationsResponse } from './configurations.schema.js';

@Controller('api/v2.0/configurations')
export class ConfigurationsController {
  constructor(
    private readonly configuration: ConfigurationService,
    private readonly auditLogs: AuditLogService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  async getConfigurations(@Security() s: SecurityContext) {
    await this.requireSystem(s, 'read');
    return toConfigurationsResponse(await this.configuration.getAll(), !(await this.hasUsersBesidesAdmin()));
  }

  @Put()
  async updateConfigurations(@Security() s: SecurityContext, @Body() body: unknown) {
    await this.requireSystem(s, 'update');
    const changes = validate(configurationsUpdateSchema, body);
    // Harbor refuses to switch authentication once users exist: their accounts would be orphaned.
    if (
      changes.auth_mode !== undefined &&
      changes.auth_mode !== (await this.configuration.get('auth_mode')) &&
      (await this.hasUsersBesidesAdmin())
    ) {
      throw HarborError.badRequest(
        'auth_mode: the auth mode cannot be changed when there are users other than admin',
      );
    }
    await this.configuration.set(changes);
    await this.auditLogs.record({
      operator: s,
      projectId: 0,
      resourceType: 'configuration',
      resource: Object.keys(changes).join(','),
      operation: 'update',
    });
  }

  private async requireSystem(s: SecurityContext, action: string) {
    s.requireAuthenticated();
    if (!(await s.canSystem('configuration', action))) throw HarborError.forbidden('forbidden');
  }

  private async hasUsersBesidesAdmin(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM harbor_user WHERE user_id > 1 AND NOT deleted LIMIT 1',
    );
    return rows.length > 0;
  }
}
