import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { validate } from '../common/validation.js';
import {
  isDefaultSchema,
  scannerRegistrationReqSchema,
  scannerSettingsSchema,
} from './scanner-registration.dto.js';
import { ScannerMetadataService } from './scanner-metadata.service.js';
import { ScannerRegistrationsService } from './scanner-registrations.service.js';
import { ScannerSettings } from './scanner-settings.js';
import { scannerView } from './scanner-view.js';

/** `/scanners`: Harbor's scanner registrations, for system admins (and robots granted `scanner`). */
@Controller('api/v2.0/scanners')
export class ScannersController {
  constructor(
    private readonly registrations: ScannerRegistrationsService,
    private readonly metadata: ScannerMetadataService,
    private readonly settings: ScannerSettings,
  ) {}

  @Get()
  async listScanners(
    @Security() s: SecurityContext,
    @Query() query: Record<string, string | undefined>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('scanner', 'list');
    const paging = parsePaging(query);
    const { items, total } = await this.registrations.list(query, paging);
    setPageHeaders(req, reply, paging, total);
    return Promise.all(items.map(async (row) => scannerView(row, await this.metadata.of(row))));
  }

  @Post()
  async createScanner(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('scanner', 'create');
    const write = this.settings.forCreate(validate(scannerRegistrationReqSchema, body));
    await this.metadata.ping(write);
    const uuid = await this.registrations.create(write);
    void reply.status(201).header('location', `/api/v2.0/scanners/${uuid}`);
  }

  @Post('ping')
  @HttpCode(200)
  async pingScanner(@Security() s: SecurityContext, @Body() body: unknown) {
    await s.requireSystem('scanner', 'read');
    const settings = validate(scannerSettingsSchema, body);
    const write = this.settings.forCreate({ ...settings, description: '' });
    await this.metadata.ping(write);
  }

  @Get(':registration_id')
  async getScanner(@Security() s: SecurityContext, @Param('registration_id') uuid: string) {
    await s.requireSystem('scanner', 'read');
    const row = await this.registrations.get(uuid);
    return scannerView(row, await this.metadata.of(row));
  }

  @Put(':registration_id')
  async updateScanner(
    @Security() s: SecurityContext,
    @Param('registration_id') uuid: string,
    @Body() body: unknown,
  ) {
    await s.requireSystem('scanner', 'update');
    const row = await this.mutable(uuid, 'update');
    const write = this.settings.forUpdate(row, validate(scannerRegistrationReqSchema, body));
    await this.registrations.update(uuid, write);
  }

  @Delete(':registration_id')
  async deleteScanner(@Security() s: SecurityContext, @Param('registration_id') uuid: string) {
    await s.requireSystem('scanner', 'delete');
    const row = await this.mutable(uuid, 'delete');
    await this.registrations.delete(uuid);
    return scannerView(row);
  }

  @Patch(':registration_id')
  async setScannerAsDefault(
    @Security() s: SecurityContext,
    @Param('registration_id') uuid: string,
    @Body() body: unknown,
  ) {
    await s.requireSystem('scanner', 'update');
    if (validate(isDefaultSchema, body).is_default) await this.registrations.setDefault(uuid);
  }

  @Get(':registration_id/metadata')
  async getScannerMetadata(@Security() s: SecurityContext, @Param('registration_id') uuid: string) {
    await s.requireSystem('scanner', 'read');
    const row = await this.registrations.find(uuid);
    if (!row) throw HarborError.notFound(`registration ${uuid} not found`);
    const outcome = await this.metadata.of(row);
    if ('error' in outcome)
      throw new HarborError(
        HarborErrorCode.SERVICE_UNAVAILABLE,
        `scanner ${row.name} is not available: ${outcome.error}`,
      );
    return outcome.metadata;
  }

  /** The registration install made for the bundled adapter is immutable: Harbor's 403. */
  private async mutable(uuid: string, action: 'update' | 'delete') {
    const row = await this.registrations.get(uuid);
    if (row.immutable)
      throw HarborError.forbidden(
        `registration ${row.name} is not allowed to ${action} as it is immutable: scanner API: ${action}`,
      );
    return row;
  }
}
