import { Body, Controller, Delete, Get, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreConfig } from '@harbor-ts/config';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { principalName } from '../../auth/principal.js';
import { Security, type SecurityContext } from '../../auth/index.js';
import { parsePaging, setPageHeaders } from '../../common/paging.js';
import { parseId, validate } from '../../common/validation.js';
import { RegistriesService } from '../../registries/registries.service.js';
import { localRegistryView, registryView, type RegistryView } from '../../registries/registry-view.js';
import { ReplicationPoliciesService } from './replication-policies.service.js';
import { policyWrite, replicationPolicySchema } from './replication-policy.dto.js';
import { replicationPolicyView, type ReplicationPolicyRow } from './replication-policy-view.js';

/** `/replication/policies`: Harbor's replication rules; system permission only. */
@Controller('api/v2.0/replication/policies')
export class ReplicationPoliciesController {
  constructor(
    private readonly policies: ReplicationPoliciesService,
    private readonly registries: RegistriesService,
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
  ) {}

  @Get()
  async listReplicationPolicies(
    @Security() s: SecurityContext,
    @Query() query: Record<string, string | undefined>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('replication-policy', 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.policies.list(query, paging);
    setPageHeaders(req, reply, paging, total);
    return Promise.all(items.map((row) => this.view(row)));
  }

  @Post()
  async createReplicationPolicy(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('replication-policy', 'create');
    const write = policyWrite(validate(replicationPolicySchema, body));
    const id = await this.policies.create(write, principalName(s.principal));
    void reply.status(201).header('location', `/api/v2.0/replication/policies/${id}`);
  }

  @Get(':id')
  async getReplicationPolicy(@Security() s: SecurityContext, @Param('id') id: string) {
    await s.requireSystem('replication-policy', 'read');
    return this.view(await this.policies.get(parseId('id', id)));
  }

  @Put(':id')
  async updateReplicationPolicy(
    @Security() s: SecurityContext,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    await s.requireSystem('replication-policy', 'update');
    const policyId = parseId('id', id);
    await this.policies.update(policyId, policyWrite(validate(replicationPolicySchema, body)));
  }

  @Delete(':id')
  async deleteReplicationPolicy(@Security() s: SecurityContext, @Param('id') id: string) {
    await s.requireSystem('replication-policy', 'delete');
    await this.policies.delete(parseId('id', id));
  }

  private async view(row: ReplicationPolicyRow) {
    const side = async (id: number | null): Promise<RegistryView> =>
      id ? registryView(await this.registries.get(id)) : localRegistryView(this.config.externalUrl);
    return replicationPolicyView(row, {
      src: await side(row.src_registry_id),
      dest: await side(row.dest_registry_id),
    });
  }
}
