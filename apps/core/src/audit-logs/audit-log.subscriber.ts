import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CoreEvent } from '@harbor-ts/events';
import { CoreEvents } from '../events/core-events.js';
import { auditEntryOf } from './audit-entry.js';

/** Writes Harbor's audit entry for each core event, before the request answers; the first subscriber. */
@Injectable()
export class AuditLogSubscriber implements OnModuleInit {
  readonly name = 'audit-log';

  constructor(
    private readonly events: CoreEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  async handle(event: CoreEvent): Promise<void> {
    const entry = auditEntryOf(event);
    if (!entry) return;
    await this.dataSource.query(
      'INSERT INTO audit_log (project_id, operation, resource_type, resource, username) VALUES ($1, $2, $3, $4, $5)',
      [entry.projectId, entry.operation, entry.resourceType, entry.resource.slice(0, 1024), entry.username],
    );
  }
}
