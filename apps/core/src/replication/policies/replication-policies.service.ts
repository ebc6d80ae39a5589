import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { FINAL_STATUSES } from '@harbor-ts/db';
import { HarborError } from '@harbor-ts/errors';
import { JobProducer } from '@harbor-ts/jobs';
import type { QueryFields } from '../../common/list-query.js';
import type { Paging } from '../../common/paging.js';
import { isUniqueViolation } from '../../common/postgres-errors.js';
import { listTable } from '../../common/table-list.js';
import { RegistriesService } from '../../registries/registries.service.js';
import type { PolicyWrite } from './replication-policy.dto.js';
import type { ReplicationPolicyRow } from './replication-policy-view.js';
import { REPLICATION_VENDOR, ReplicationSchedule } from './replication-schedule.js';

const FIELDS: QueryFields = {
  id: { column: 'id', type: 'number' },
  name: { column: 'name', type: 'string' },
  description: { column: 'description', type: 'string' },
  enabled: { column: 'enabled', type: 'boolean' },
  src_registry_id: { column: 'src_registry_id', type: 'number' },
  dest_registry_id: { column: 'dest_registry_id', type: 'number' },
  creation_time: { column: 'creation_time', type: 'time' },
  update_time: { column: 'update_time', type: 'time' },
};

/** The `replication_policy` table and each policy's schedule; callers check permissions. */
@Injectable()
export class ReplicationPoliciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    private readonly registries: RegistriesService,
    private readonly schedule: ReplicationSchedule,
  ) {}

  list(filter: Record<string, string | undefined>, paging: Paging) {
    // Harbor's policy model sorts by -creation_time when the caller gives no sort.
    return listTable<ReplicationPolicyRow>(this.dataSource, 'replication_policy', FIELDS, filter, paging, {
      tieBreak: 'id DESC',
      defaultOrder: 'creation_time DESC',
    });
  }

  async get(id: number): Promise<ReplicationPolicyRow> {
    const rows: ReplicationPolicyRow[] = await this.dataSource.query(
      'SELECT * FROM replication_policy WHERE id = $1',
      [id],
    );
    if (!rows[0]) throw HarborError.notFound(`replication policy ${id} not found`);
    return rows[0];
  }

  async create(write: PolicyWrite, creator: string): Promise<number> {
    await this.requireRegistries(write);
    const id = await this.inTransaction(write.name, async (manager) => {
      const [row] = (await manager.query(
        `INSERT INTO replication_policy (name, description, creator, src_registry_id, dest_registry_id,
           dest_namespace, dest_namespace_replace_count, trigger, filters, replicate_deletion, override,
           enabled, speed_kb, copy_by_chunk, single_active_replication)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [write.name, write.description, creator, ...this.columns(write)],
      )) as { id: number }[];
      await this.schedule.apply(manager, row!.id, write);
      return row!.id;
    });
    await this.producer.schedulesChanged();
    return id;
  }

  async update(id: number, write: PolicyWrite): Promise<void> {
    await this.get(id);
    await this.requireRegistries(write);
    await this.inTransaction(write.name, async (manager) => {
      await manager.query(
        `UPDATE replication_policy SET name = $1, description = $2, src_registry_id = $3, dest_registry_id = $4,
           dest_namespace = $5, dest_namespace_replace_count = $6, trigger = $7, filters = $8,
           replicate_deletion = $9, override = $10, enabled = $11, speed_kb = $12, copy_by_chunk = $13,
           single_active_replication = $14, update_time = now()
         WHERE id = $15`,
        [write.name, write.description, ...this.columns(write), id],
      );
      await this.schedule.apply(manager, id, write);
    });
    await this.producer.schedulesChanged();
  }

  /**
   * Harbor deletes a policy's executions with it, and refuses (412) while one of them still has a task
   * that has not finished; the schedule goes too.
   */
  async delete(id: number): Promise<void> {
    await this.get(id);
    await this.dataSource.transaction(async (manager) => {
      const unfinished = (await manager.query(
        `SELECT e.id FROM execution e JOIN task t ON t.execution_id = e.id
          WHERE e.vendor_type = $1 AND e.vendor_id = $2 AND NOT (t.status = ANY($3)) LIMIT 1`,
        [REPLICATION_VENDOR, id, [...FINAL_STATUSES]],
      )) as { id: number }[];
      if (unfinished[0])
        throw HarborError.precondition(
          `the execution ${unfinished[0].id} has tasks that aren't in final status, stop the tasks first`,
        );
      // Tasks go with their execution (ON DELETE CASCADE).
      await manager.query('DELETE FROM execution WHERE vendor_type = $1 AND vendor_id = $2', [
        REPLICATION_VENDOR,
        id,
      ]);
      await this.schedule.remove(manager, id);
      await manager.query('DELETE FROM replication_policy WHERE id = $1', [id]);
    });
    await this.producer.schedulesChanged();
  }

  /** Harbor's 404 for a remote side that does not exist (0 is this instance). */
  private async requireRegistries(write: PolicyWrite): Promise<void> {
    for (const id of [write.srcRegistryId, write.destRegistryId]) if (id !== 0) await this.registries.get(id);
  }

  private columns(write: PolicyWrite) {
    return [
      write.srcRegistryId || null,
      write.destRegistryId || null,
      write.destNamespace,
      write.destNamespaceReplaceCount,
      write.trigger ? JSON.stringify(write.trigger) : '',
      JSON.stringify(write.filters),
      write.replicateDeletion,
      write.override,
      write.enabled,
      write.speed,
      write.copyByChunk,
      write.singleActiveReplication,
    ];
  }

  private async inTransaction<T>(name: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict(`replication policy ${name} already exists`);
      throw error;
    }
  }
}
