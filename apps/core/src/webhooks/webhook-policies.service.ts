import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CoreConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { JobProducer } from '@harbor-ts/jobs';
import { assertOutboundUrl, normaliseHttpUrl, OutboundUrlError, SecretBox } from '@harbor-ts/outbound';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { orderSql, parseQ, parseSort, SqlParams, whereSql, type QueryFields } from '../common/list-query.js';
import type { Paging } from '../common/paging.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { pagedQuery } from '../repositories/paged-query.js';
import {
  eventTypesProblem,
  parseTargets,
  targetProblem,
  toPolicyView,
  type PolicyRow,
  type StoredTarget,
  type TargetRequest,
  type WebhookPolicyRequest,
  type WebhookPolicyView,
} from './webhook-policy.dto.js';

const POLICY_FIELDS: QueryFields = {
  id: { column: 'n.id', type: 'number' },
  name: { column: 'n.name', type: 'string' },
  enabled: { column: 'n.enabled', type: 'boolean' },
  creator: { column: 'n.creator', type: 'string' },
  creation_time: { column: 'n.creation_time', type: 'time' },
  update_time: { column: 'n.update_time', type: 'time' },
};

/** The execution vendor types of a policy's deliveries (Harbor's webhookJobVendors). */
export const WEBHOOK_VENDORS = ['WEBHOOK', 'SLACK'];

/**
 * A project's webhook policies (Harbor's `notification_policy`). Every statement names the project with
 * the policy id, so a policy of another project is a 404. Auth headers are sealed before they are stored.
 */
@Injectable()
export class WebhookPoliciesService {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(SERVICE_CONFIG) config: CoreConfig,
  ) {
    this.box = new SecretBox(config.secrets.secretKey);
  }

  /** Newest first, as Harbor sorts policies by default. */
  async list(projectId: number, query: { q?: string; sort?: string }, paging: Paging) {
    const params = new SqlParams([projectId]);
    const where = `n.project_id = $1 AND ${whereSql(parseQ(query.q, POLICY_FIELDS), POLICY_FIELDS, params)}`;
    const order = orderSql(
      parseSort(query.sort, POLICY_FIELDS),
      POLICY_FIELDS,
      'n.creation_time DESC, n.id DESC',
    );
    const { items, total } = await pagedQuery<PolicyRow>(this.dataSource, {
      count: `SELECT count(*)::int AS count FROM notification_policy n WHERE ${where}`,
      select: (limitOffset) => `SELECT n.* FROM notification_policy n WHERE ${where} ${order} ${limitOffset}`,
      params,
      paging,
    });
    return { items: items.map(toPolicyView), total };
  }

  async all(projectId: number): Promise<WebhookPolicyView[]> {
    const rows = (await this.dataSource.query(
      'SELECT * FROM notification_policy WHERE project_id = $1 ORDER BY creation_time DESC, id DESC',
      [projectId],
    )) as PolicyRow[];
    return rows.map(toPolicyView);
  }

  async get(projectId: number, id: number): Promise<WebhookPolicyView> {
    return toPolicyView(await this.row(projectId, id));
  }

  async create(projectId: number, policy: WebhookPolicyRequest, creator: string): Promise<number> {
    const targets = await this.storedTargets(policy, []);
    const rows = (await this.dataSource
      .query(
        `INSERT INTO notification_policy (name, project_id, enabled, description, targets, event_types, creator)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          policy.name,
          projectId,
          policy.enabled,
          policy.description,
          JSON.stringify(targets),
          JSON.stringify(policy.event_types),
          creator,
        ],
      )
      .catch(conflictOnDuplicate(policy.name))) as { id: number }[];
    return rows[0]!.id;
  }

  async update(projectId: number, id: number, policy: WebhookPolicyRequest): Promise<void> {
    const current = await this.row(projectId, id);
    const targets = await this.storedTargets(policy, parseTargets(current.targets));
    await this.dataSource
      .query(
        `UPDATE notification_policy SET name = $3, enabled = $4, description = $5, targets = $6,
                event_types = $7, update_time = now() WHERE id = $1 AND project_id = $2`,
        [
          id,
          projectId,
          policy.name,
          policy.enabled,
          policy.description,
          JSON.stringify(targets),
          JSON.stringify(policy.event_types),
        ],
      )
      .catch(conflictOnDuplicate(policy.name));
  }

  /** Stops the policy's unfinished deliveries and deletes its executions with it, as Harbor does. */
  async delete(projectId: number, id: number): Promise<void> {
    await this.row(projectId, id);
    const running = (await this.dataSource.query(
      `SELECT id FROM execution WHERE vendor_type = ANY($1) AND vendor_id = $2 AND status IN ('Pending', 'Running')`,
      [WEBHOOK_VENDORS, id],
    )) as { id: number }[];
    for (const execution of running) await this.producer.stop(this.dataSource, execution.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM execution WHERE vendor_type = ANY($1) AND vendor_id = $2', [
        WEBHOOK_VENDORS,
        id,
      ]);
      await manager.query('DELETE FROM notification_policy WHERE id = $1 AND project_id = $2', [
        id,
        projectId,
      ]);
    });
  }

  private async row(projectId: number, id: number): Promise<PolicyRow> {
    const [row] = (await this.dataSource.query(
      'SELECT * FROM notification_policy WHERE id = $1 AND project_id = $2',
      [id, projectId],
    )) as PolicyRow[];
    if (!row) throw HarborError.notFound(`project id:${projectId}, webhook policy id: ${id} not found`);
    return row;
  }

  /**
   * Harbor's checks (event types, then targets), each address normalised to scheme, host and path and
   * refused when it carries credentials or points at a forbidden address. An auth header left out keeps
   * the one stored for the same type and address; an empty one removes it.
   */
  private async storedTargets(
    policy: WebhookPolicyRequest,
    previous: StoredTarget[],
  ): Promise<StoredTarget[]> {
    const eventProblem = eventTypesProblem(policy.event_types);
    if (eventProblem) throw HarborError.badRequest(eventProblem);
    if (policy.targets.length === 0)
      throw HarborError.badRequest(`empty notification target with policy ${policy.name}`);
    const stored: StoredTarget[] = [];
    for (const target of policy.targets) {
      const address = await checkedAddress(target.address);
      const problem = targetProblem(target, policy.name);
      if (problem) throw HarborError.badRequest(problem);
      const type = target.type as StoredTarget['type'];
      const kept = previous.find((old) => old.type === type && old.address === address)?.auth_header;
      const authHeader =
        target.auth_header === undefined ? kept : target.auth_header && this.box.seal(target.auth_header);
      stored.push({
        type,
        address,
        ...(authHeader ? { auth_header: authHeader } : {}),
        skip_cert_verify: target.skip_cert_verify,
        ...(type === 'http' ? { payload_format: target.payload_format || 'Default' } : {}),
      });
    }
    return stored;
  }
}

async function checkedAddress(raw: TargetRequest['address']): Promise<string> {
  try {
    const withScheme = raw.includes('://') ? raw.trim() : `http://${raw.trim()}`;
    if (URL.canParse(withScheme)) {
      const url = new URL(withScheme);
      if (url.username || url.password)
        throw new OutboundUrlError('invalid webhook address: credentials must not be part of the URL');
    }
    const address = normaliseHttpUrl(raw, { what: 'webhook address' });
    await assertOutboundUrl(address, { what: 'webhook address' });
    return address;
  } catch (error) {
    if (error instanceof OutboundUrlError) throw HarborError.badRequest(error.message);
    throw error;
  }
}

function conflictOnDuplicate(name: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error)) throw HarborError.conflict(`notification policy ${name} already exists`);
    throw error;
  };
}
