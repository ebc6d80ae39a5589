import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { SecretBox } from '@harbor-ts/outbound';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import type { QueryFields } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { listTable } from '../common/table-list.js';
import type { RegistryTarget } from './registry-health.js';
import type { RegistryRow } from './registry-view.js';

/** What is written for a registry; `accessSecret` is plain here and sealed before the INSERT/UPDATE. */
export interface RegistryWrite {
  name: string;
  url: string;
  type: string;
  description: string;
  insecure: boolean;
  caCertificate: string;
  credentialType: string;
  accessKey: string;
  accessSecret: string;
}

const FIELDS: QueryFields = {
  id: { column: 'id', type: 'number' },
  name: { column: 'name', type: 'string' },
  url: { column: 'url', type: 'string' },
  type: { column: 'type', type: 'string' },
  description: { column: 'description', type: 'string' },
  insecure: { column: 'insecure', type: 'boolean' },
  status: { column: 'health', type: 'string' },
  creation_time: { column: 'creation_time', type: 'time' },
  update_time: { column: 'update_time', type: 'time' },
};

/** The `registry` table; callers check permissions and validate settings. */
@Injectable()
export class RegistriesService {
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: CoreConfig,
  ) {
    this.secrets = new SecretBox(config.secrets.secretKey);
  }

  /** Harbor's list: `q`/`sort`, and the legacy `name` parameter as a fuzzy match. */
  list(filter: Record<string, string | undefined>, paging: Paging) {
    return listTable<RegistryRow>(this.dataSource, 'registry', FIELDS, filter, paging, {
      tieBreak: 'id',
      defaultOrder: 'id',
    });
  }

  async all(): Promise<RegistryRow[]> {
    return this.dataSource.query('SELECT * FROM registry ORDER BY id');
  }

  async find(id: number): Promise<RegistryRow | undefined> {
    const rows: RegistryRow[] = await this.dataSource.query('SELECT * FROM registry WHERE id = $1', [id]);
    return rows[0];
  }

  async get(id: number): Promise<RegistryRow> {
    const row = await this.find(id);
    if (!row) throw HarborError.notFound(`registry ${id} not found`);
    return row;
  }

  async create(write: RegistryWrite): Promise<number> {
    const rows = await this.translateConflict(write.name, () =>
      this.dataSource.query(
        `INSERT INTO registry (name, url, type, description, insecure, credential_type, access_key, access_secret,
           ca_certificate, health)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'healthy') RETURNING id`,
        this.columns(write),
      ),
    );
    return (rows as { id: number }[])[0]!.id;
  }

  async update(id: number, write: RegistryWrite): Promise<void> {
    await this.translateConflict(write.name, () =>
      this.dataSource.query(
        `UPDATE registry SET name = $1, url = $2, type = $3, description = $4, insecure = $5,
           credential_type = $6, access_key = $7, access_secret = $8, ca_certificate = $9, health = 'healthy',
           update_time = now()
         WHERE id = $10`,
        [...this.columns(write), id],
      ),
    );
  }

  /** The health check's verdict; `update_time` stays, as Harbor updates only `status`. */
  async setHealth(id: number, health: 'healthy' | 'unhealthy'): Promise<void> {
    await this.dataSource.query('UPDATE registry SET health = $1 WHERE id = $2', [health, id]);
  }

  /** Harbor's 412 while a replication policy or a proxy-cache project uses the registry. */
  async delete(id: number): Promise<void> {
    await this.get(id);
    const [policies] = (await this.dataSource.query(
      'SELECT count(*)::int AS count FROM replication_policy WHERE src_registry_id = $1 OR dest_registry_id = $1',
      [id],
    )) as { count: number }[];
    if (policies && policies.count > 0)
      throw HarborError.precondition(
        `the registry ${id} is referenced by replication policies, cannot delete it`,
      );
    const [projects] = (await this.dataSource.query(
      'SELECT count(*)::int AS count FROM project WHERE registry_id = $1 AND NOT deleted',
      [id],
    )) as { count: number }[];
    if (projects && projects.count > 0)
      throw HarborError.precondition(
        `the registry ${id} is referenced by proxy cache project, cannot delete it`,
      );
    await this.dataSource.query('DELETE FROM registry WHERE id = $1', [id]);
  }

  /** The row as the settings a caller can change, with the secret opened. */
  writeOf(row: RegistryRow): RegistryWrite {
    return {
      name: row.name,
      url: row.url,
      type: row.type,
      description: row.description,
      insecure: row.insecure,
      caCertificate: row.ca_certificate,
      credentialType: row.credential_type,
      accessKey: row.access_key,
      accessSecret: row.access_secret ? this.secrets.open(row.access_secret) : '',
    };
  }

  targetOf(row: RegistryRow): RegistryTarget {
    return this.writeOf(row);
  }

  private columns(write: RegistryWrite) {
    return [
      write.name,
      write.url,
      write.type,
      write.description,
      write.insecure,
      write.credentialType,
      write.accessKey,
      write.accessSecret ? this.secrets.seal(write.accessSecret) : '',
      write.caCertificate,
    ];
  }

  private async translateConflict<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict(`registry ${name} already exists`);
      throw error;
    }
  }
}
