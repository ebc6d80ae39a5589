import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { registryCreateSchema, registryPingSchema, registryUpdateSchema } from './registry.dto.js';
import { registryInfo } from './registry-info.js';
import { RegistrySettings } from './registry-settings.js';
import { registryView } from './registry-view.js';
import { RegistriesService } from './registries.service.js';

/** `/registries`: the remote registries replication and proxy cache use; system permission only, as in Harbor. */
@Controller('api/v2.0/registries')
export class RegistriesController {
  constructor(
    private readonly registries: RegistriesService,
    private readonly settings: RegistrySettings,
  ) {}

  @Get()
  async listRegistries(
    @Security() s: SecurityContext,
    @Query() query: Record<string, string | undefined>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('registry', 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.registries.list(query, paging);
    setPageHeaders(req, reply, paging, total);
    return items.map(registryView);
  }

  @Post()
  async createRegistry(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('registry', 'create');
    const write = await this.settings.forCreate(validate(registryCreateSchema, body));
    const id = await this.registries.create(write);
    void reply.status(201).header('location', `/api/v2.0/registries/${id}`);
  }

  @Post('ping')
  @HttpCode(200)
  async pingRegistry(@Security() s: SecurityContext, @Body() body: unknown) {
    await s.requireSystem('registry', 'read');
    await this.settings.ping(validate(registryPingSchema, body), this.registries);
  }

  @Get(':id')
  async getRegistry(@Security() s: SecurityContext, @Param('id') id: string) {
    await s.requireSystem('registry', 'read');
    return registryView(await this.registries.get(parseId('id', id)));
  }

  @Put(':id')
  async updateRegistry(@Security() s: SecurityContext, @Param('id') id: string, @Body() body: unknown) {
    await s.requireSystem('registry', 'update');
    const row = await this.registries.get(parseId('id', id));
    const update = validate(registryUpdateSchema, body);
    const write = await this.settings.forUpdate(this.registries.writeOf(row), update);
    await this.registries.update(row.id, write);
  }

  @Delete(':id')
  async deleteRegistry(@Security() s: SecurityContext, @Param('id') id: string) {
    await s.requireSystem('registry', 'delete');
    await this.registries.delete(parseId('id', id));
  }

  @Get(':id/info')
  async getRegistryInfo(@Security() s: SecurityContext, @Param('id') id: string) {
    await s.requireSystem('registry', 'read');
    const row = await this.registries.get(parseId('id', id));
    return registryInfo(this.registries.targetOf(row));
  }
}
