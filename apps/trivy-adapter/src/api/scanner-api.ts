import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { SbomGenerator } from '../sbom/sbom-generator.js';
import { ImageScanner } from '../scans/image-scanner.js';
import { ScanJobs } from '../scans/scan-jobs.js';
import { MetadataService } from './metadata.service.js';
import { MimeTypes } from './mime-types.js';
import { reportTypeOf, requestedWork, type ScanWork } from './requested-work.js';
import { scanRequestSchema } from './scan-request.js';

/** How long Harbor should wait before asking for a report again. */
const REFRESH_AFTER_SECONDS = 1;

function sendError(reply: FastifyReply, status: number, message: string) {
  return reply.status(status).type(MimeTypes.error).send({ error: { message } });
}

/** The Pluggable Scanner API v1.2: metadata, accept a scan, its report. */
@Controller('api/v1')
export class ScannerApiController {
  private readonly jobs: ScanJobs;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: TrivyAdapterConfig,
    private readonly scanner: ImageScanner,
    private readonly metadata: MetadataService,
    private readonly sbom: SbomGenerator,
  ) {
    this.jobs = new ScanJobs(config.scan.concurrency, config.scan.timeoutMs);
  }

  @Get('metadata')
  async getMetadata(@Headers() headers: Record<string, string>, @Res() reply: FastifyReply) {
    if (!this.authorized(headers)) return sendError(reply, 401, 'unauthorized');
    return reply.type(MimeTypes.metadata).send(await this.metadata.describe());
  }

  @Post('scan')
  acceptScanRequest(
    @Headers() headers: Record<string, string>,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    if (!this.authorized(headers)) return sendError(reply, 401, 'unauthorized');
    const parsed = scanRequestSchema.safeParse(body);
    if (!parsed.success)
      return sendError(reply, 422, `invalid scan request: ${parsed.error.issues[0]?.message ?? ''}`);
    const request = parsed.data;
    const work = requestedWork(request);
    if ('error' in work) return sendError(reply, 400, work.error);
    const target = {
      registryUrl: request.registry.url,
      authorization: request.registry.authorization,
      repository: request.artifact.repository,
      digest: request.artifact.digest,
      mimeType: request.artifact.mime_type ?? MimeTypes.ociManifest,
    };
    const id = this.jobs.submit(async (signal): Promise<ScanWork> =>
      work.type === 'sbom'
        ? { type: 'sbom', report: await this.sbom.generate(target, signal) }
        : { type: 'vulnerability', report: await this.scanner.scan(target, signal) },
    );
    return reply.status(202).type(MimeTypes.scanResponse).send({ id });
  }

  @Get('scan/:id/report')
  getScanReport(
    @Headers() headers: Record<string, string>,
    @Param('id') id: string,
    @Query('sbom_media_type') sbomMediaType: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    if (!this.authorized(headers)) return sendError(reply, 401, 'unauthorized');
    const asked = reportTypeOf(headers.accept, sbomMediaType);
    if ('error' in asked) return sendError(reply, 400, asked.error);
    const state = this.jobs.get(id);
    if (!state) return sendError(reply, 404, `scan ${id} not found`);
    if (state.status === 'failed') return sendError(reply, 500, state.message);
    if (state.status !== 'done')
      return reply.status(302).header('refresh-after', String(REFRESH_AFTER_SECONDS)).send();
    const done = state.report as ScanWork;
    if (done.type !== asked.type)
      return sendError(reply, 400, `scan ${id} produced a ${done.type} report, not a ${asked.type} report`);
    // Serialised here, and sent as bytes so Fastify keeps the media type exactly as the API names it.
    return reply.header('content-type', asked.mimeType).send(Buffer.from(JSON.stringify(done.report)));
  }

  /** With an API key configured, `Bearer <key>` or `X-ScannerAdapter-API-Key: <key>` is required. */
  private authorized(headers: Record<string, string>): boolean {
    const key = this.config.apiKey;
    if (!key) return true;
    const presented =
      headers['x-scanneradapter-api-key'] ?? headers.authorization?.replace(/^Bearer /i, '') ?? '';
    return presented.length === key.length && timingSafeEqual(Buffer.from(presented), Buffer.from(key));
  }
}
