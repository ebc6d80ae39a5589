import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { SecretBox } from '@harbor-ts/outbound';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import type { ScannerAuthType, ScannerEndpoint } from '@harbor-ts/scanner-client';
import {
  containsPattern,
  orderSql,
  parseQ,
  parseSort,
  SqlParams,
  whereSql,
  type QueryFields,
} from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { pagedQuery } from '../repositories/paged-query.js';

/** A `scanner_registration` row; `access_cred` is sealed and opened only to call the scanner. */
export interface ScannerRegistrationRow {
  id: number;
  uuid: string;
  name: string;
  description: string;
  url: string;
  auth: ScannerAuthType;
  access_cred: string | null;
  disabled: boolean;
  is_default: boolean;
  use_internal_addr: boolean;
  skip_cert_verify: boolean;
  immutable: boolean;
  create_time: Date;
  update_time: Date;
}

export interface RegistrationWrite {
  name: string;
  description: string;
  url: string;
  auth: ScannerAuthType;
  /** The plain credential; sealed here. */
  credential: string;
  disabled: boolean;
  skipCertVerify: boolean;
  useInternalAddr: boolean;
}

const SELECT = 'SELECT r.* FROM scanner_registration r';
const FIELDS: QueryFields = {
  name: { column: 'r.name', type: 'string' },
  description: { column: 'r.description', type: 'string' },
  url: { column: 'r.url', type: 'string' },
  disabled: { column: 'r.disabled', type: 'boolean' },
  is_default: { column: 'r.is_default', type: 'boolean' },
  create_time: { column: 'r.create_time', type: 'time' },
  update_time: { column: 'r.update_time', type: 'time' },
};
const CONFLICT = 'registration name or url already exists';

/** Scanner registrations in Postgres; callers check permissions. */
@Injectable()
export class ScannerRegistrationsService {
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: CoreConfig,
  ) {
    this.secrets = new SecretBox(config.secrets.secretKey);
  }

  /** Harbor's list: `q`/`sort`, and `name`/`description`/`url` fuzzy, `ex_name`/`ex_url` exact. */
  async list(filter: Record<string, string | undefined>, paging: Paging) {
    const params = new SqlParams();
    const conditions = [whereSql(parseQ(filter.q, FIELDS), FIELDS, params)];
    for (const key of ['name', 'description', 'url'] as const) {
      const value = filter[key];
      if (value) conditions.push(`r.${key} ILIKE ${params.add(containsPattern(value))}`);
    }
    if (filter.ex_name) conditions.push(`r.name = ${params.add(filter.ex_name)}`);
    if (filter.ex_url) conditions.push(`r.url = ${params.add(filter.ex_url)}`);
    const where = conditions.join(' AND ');
    const order = orderSql(parseSort(filter.sort, FIELDS), FIELDS, 'r.id', 'r.id');
    return pagedQuery<ScannerRegistrationRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM scanner_registration r WHERE ${where}`,
      select: (limitOffset) => `${SELECT} WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
  }

  async find(uuid: string): Promise<ScannerRegistrationRow | undefined> {
    const rows: ScannerRegistrationRow[] = await this.dataSource.query(`${SELECT} WHERE r.uuid = $1`, [uuid]);
    return rows[0];
  }

  async get(uuid: string): Promise<ScannerRegistrationRow> {
    const row = await this.find(uuid);
    if (!row) throw HarborError.notFound(`scanner ${uuid} not found`);
    return row;
  }

  async findDefault(): Promise<ScannerRegistrationRow | undefined> {
    const rows: ScannerRegistrationRow[] = await this.dataSource.query(`${SELECT} WHERE r.is_default`);
    return rows[0];
  }

  /** The first registration becomes the default, as in Harbor. Returns the new uuid. */
  async create(write: RegistrationWrite): Promise<string> {
    const uuid = randomUUID();
    await this.translateConflict(() =>
      this.dataSource.query(
        `INSERT INTO scanner_registration
           (uuid, name, description, url, auth, access_cred, disabled, skip_cert_verify, use_internal_addr, is_default)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NOT EXISTS (SELECT 1 FROM scanner_registration))`,
        [uuid, ...this.columns(write)],
      ),
    );
    return uuid;
  }

  async update(uuid: string, write: RegistrationWrite): Promise<void> {
    await this.translateConflict(() =>
      this.dataSource.query(
        `UPDATE scanner_registration SET name = $2, description = $3, url = $4, auth = $5, access_cred = $6,
           disabled = $7, skip_cert_verify = $8, use_internal_addr = $9, update_time = now()
         WHERE uuid = $1`,
        [uuid, ...this.columns(write)],
      ),
    );
  }

  async delete(uuid: string): Promise<void> {
    await this.dataSource.query('DELETE FROM scanner_registration WHERE uuid = $1', [uuid]);
  }

  /** Only an enabled registration can be the default; the previous default stops being one. */
  async setDefault(uuid: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        'SELECT disabled FROM scanner_registration WHERE uuid = $1 FOR UPDATE',
        [uuid],
      )) as { disabled: boolean }[];
      if (!row || row.disabled) throw HarborError.notFound(`registration ${uuid} not found`);
      await manager.query(
        'UPDATE scanner_registration SET is_default = false WHERE is_default AND uuid <> $1',
        [uuid],
      );
      await manager.query('UPDATE scanner_registration SET is_default = true WHERE uuid = $1', [uuid]);
    });
  }

  /** The stored credential in plain text, to call the scanner or to keep it across an update. */
  credentialOf(row: ScannerRegistrationRow): string {
    return row.access_cred ? this.secrets.open(row.access_cred) : '';
  }

  endpointOf(row: ScannerRegistrationRow): ScannerEndpoint {
    return {
      url: row.url,
      auth: row.auth,
      credential: this.credentialOf(row),
      skipCertVerify: row.skip_cert_verify,
    };
  }

  /** The project's own registration, else the default; undefined when there is none. */
  async forProject(projectId: number): Promise<ScannerRegistrationRow | undefined> {
    const rows: ScannerRegistrationRow[] = await this.dataSource.query(
      `${SELECT} LEFT JOIN project_scanner ps ON ps.registration_uuid = r.uuid AND ps.project_id = $1
        WHERE ps.project_id IS NOT NULL OR r.is_default
        ORDER BY ps.project_id IS NULL LIMIT 1`,
      [projectId],
    );
    return rows[0];
  }

  async setForProject(projectId: number, uuid: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO project_scanner (project_id, registration_uuid) VALUES ($1, $2)
       ON CONFLICT (project_id) DO UPDATE SET registration_uuid = EXCLUDED.registration_uuid`,
      [projectId, uuid],
    );
  }

  private columns(write: RegistrationWrite) {
    return [
      write.name,
      write.description,
      write.url,
      write.auth,
      write.credential ? this.secrets.seal(write.credential) : null,
      write.disabled,
      write.skipCertVerify,
      write.useInternalAddr,
    ];
  }

  private async translateConflict<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw HarborError.conflict(CONFLICT);
      throw error;
    }
  }
}
