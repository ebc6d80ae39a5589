import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { ImageScanner } from '../scans/image-scanner.js';
import { ScanJobs } from '../scans/scan-jobs.js';
import { MetadataService } from './metadata.service.js';
import { MimeTypes } from './mime-types.js';
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
    const asked = request.enabled_capabilities?.map((c) => c.type) ?? ['vulnerability'];
    if (!asked.includes('vulnerability'))
      return sendError(reply, 400, 'this scanner produces vulnerability reports only');
    const id = this.jobs.submit((signal) =>
      this.scanner.scan(
        {
          registryUrl: request.registry.url,
          authorization: request.registry.authorization,
          repository: request.artifact.repository,
          digest: request.artifact.digest,
          mimeType: request.artifact.mime_type ?? MimeTypes.ociManifest,
        },
        signal,
      ),
    );
    return reply.status(202).type(MimeTypes.scanResponse).send({ id });
  }

  @Get('scan/:id/report')
  getScanReport(
    @Headers() headers: Record<string, string>,
    @Param('id') id: string,
    @Res() reply: FastifyReply,
  ) {
    if (!this.authorized(headers)) return sendError(reply, 401, 'unauthorized');
    const accept = headers.accept ?? MimeTypes.vulnerabilityReport;
    const type = [MimeTypes.vulnerabilityReport, MimeTypes.harborReport].find((t) =>
      accept.includes(t.split(';')[0]!),
    );
    if (!type && !accept.includes('*/*')) return sendError(reply, 400, `unsupported report type: ${accept}`);
    const state = this.jobs.get(id);
    if (!state) return sendError(reply, 404, `scan ${id} not found`);
    if (state.status === 'failed') return sendError(reply, 500, state.message);
    if (state.status !== 'done')
      return reply.status(302).header('refresh-after', String(REFRESH_AFTER_SECONDS)).send();
    // The report's media type does not say JSON, so Fastify would not serialise it.
    return reply.type(type ?? MimeTypes.vulnerabilityReport).send(JSON.stringify(state.report));
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
