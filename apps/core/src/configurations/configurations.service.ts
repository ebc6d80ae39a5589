import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import type { SecurityContext } from '../auth/security-context.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';
import { ConfigurationService } from '../system/configuration.service.js';
import type { configurationsUpdateSchema } from './configurations.schema.js';

/** Changing the system configuration through `/configurations`. */
@Injectable()
export class ConfigurationsService {
  constructor(
    private readonly configuration: ConfigurationService,
    private readonly events: CoreEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async update(
    security: SecurityContext,
    changes: z.output<typeof configurationsUpdateSchema>,
  ): Promise<void> {
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
    await this.events.emit({
      type: 'configuration.updated',
      operator: operatorOf(security),
      projectId: 0,
      resource: Object.keys(changes).join(','),
    });
  }

  async hasUsersBesidesAdmin(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM harbor_user WHERE user_id > 1 AND NOT deleted LIMIT 1',
    );
    return rows.length > 0;
  }
}
