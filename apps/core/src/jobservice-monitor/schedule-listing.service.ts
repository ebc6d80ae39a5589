import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { pagedQuery } from '../repositories/paged-query.js';

/** Harbor's ScheduleTask. */
export interface ScheduleTaskView {
  id: number;
  vendor_type: string;
  vendor_id: number;
  cron: string;
  update_time: Date;
}

/** Every schedule (GC, audit log purge, replication and retention policies...), for the dashboard. */
@Injectable()
export class ScheduleListingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(paging: Paging) {
    return pagedQuery<ScheduleTaskView>(this.dataSource, {
      count: 'SELECT count(*)::int AS count FROM schedule',
      select: (limitOffset) =>
        `SELECT id, vendor_type, vendor_id, cron, update_time FROM schedule ORDER BY id ${limitOffset}`,
      params: new SqlParams(),
      paging,
    });
  }
}
