import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { TrivyAdapterConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { readJsonBody, type Answer, type Handler, type JsonMediaTypes } from '@harbor-ts/runtime/http';
import type { SbomGenerator } from '../sbom/sbom-generator.js';
import type { ImageScanner } from '../scans/image-scanner.js';
import { ScanJobs } from '../scans/scan-jobs.js';
import type { MetadataService } from './metadata.service.js';
import { MimeTypes } from './mime-types.js';
import { reportTypeOf, requestedWork, type ScanWork } from './requested-work.js';
import { scanRequestSchema } from './scan-request.js';

/** How long Harbor should wait before asking for a report again. */
const REFRESH_AFTER_SECONDS = 1;
const REPORT_PATH = /^\/api\/v1\/scan\/([^/]+)\/report$/;
/** Harbor sends scan requests as `application/vnd.scanner.adapter.scan.request+json; version=1.x`. */
const SCAN_REQUEST_TYPES: JsonMediaTypes = {
  pattern: /^application\/(json|vnd\.scanner\.adapter\.[a-z.]+\+json)\b/i,
  name: 'application/vnd.scanner.adapter.scan.request+json or application/json',
};

/** The scanner API's error body (ErrorResponse), in its own media type. */
function scannerError(status: number, message: string): Answer {
  return { status, body: { error: { message } }, headers: { 'content-type': MimeTypes.error } };
}

/** Every error the adapter answers is an ErrorResponse; a 500 is logged and never explained. */
export function scannerErrorAnswer(logger: Logger): (error: unknown, requestId: string) => Answer {
  return (error, requestId) => {
    if (error instanceof HarborError) return scannerError(error.status, error.message);
    logger.error({ err: error, requestId }, 'request failed');
    return scannerError(500, 'internal server error');
  };
}

/**
 * The Pluggable Scanner API v1.2 (metadata, accept a scan, its report) and the probes core's health
 * check calls. HEAD is answered as GET, without the body.
 */
export class ScannerApi {
  private readonly jobs: ScanJobs;

  constructor(
    private readonly config: TrivyAdapterConfig,
    private readonly scanner: Pick<ImageScanner, 'scan'>,
    private readonly metadata: MetadataService,
    private readonly sbom: Pick<SbomGenerator, 'generate'>,
  ) {
    this.jobs = new ScanJobs(config.scan.concurrency, config.scan.timeoutMs);
  }

  /** The handler for a method and a path, or undefined (404). */
  route(method: string, path: string): Handler | undefined {
    const reading = method === 'GET' || method === 'HEAD';
    if (method === 'POST' && path === '/api/v1/scan')
      return this.guarded(async (request) =>
        this.acceptScanRequest(await readJsonBody(request, SCAN_REQUEST_TYPES)),
      );
    if (!reading) return undefined;
    if (path === '/probe/healthy' || path === '/probe/ready') return async () => ({ status: 200, body: {} });
    if (path === '/api/v1/metadata')
      return this.guarded(async () => ({
        status: 200,
        body: await this.metadata.describe(),
        headers: { 'content-type': MimeTypes.metadata },
      }));
    const report = REPORT_PATH.exec(path);
    if (report)
      return this.guarded(async (request, query) =>
        this.getScanReport(
          decode(report[1]!),
          request.headers.accept,
          query.get('sbom_media_type') ?? undefined,
        ),
      );
    return undefined;
  }

  private acceptScanRequest(body: unknown): Answer {
    const parsed = scanRequestSchema.safeParse(body);
    if (!parsed.success)
      return scannerError(422, `invalid scan request: ${parsed.error.issues[0]?.message ?? ''}`);
    const request = parsed.data;
    const work = requestedWork(request);
    if ('error' in work) return scannerError(400, work.error);
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
    return { status: 202, body: { id }, headers: { 'content-type': MimeTypes.scanResponse } };
  }

  private getScanReport(id: string, accept: string | undefined, sbomMediaType: string | undefined): Answer {
    const asked = reportTypeOf(accept, sbomMediaType);
    if ('error' in asked) return scannerError(400, asked.error);
    const state = this.jobs.get(id);
    if (!state) return scannerError(404, `scan ${id} not found`);
    if (state.status === 'failed') return scannerError(500, state.message);
    if (state.status !== 'done')
      return { status: 302, headers: { 'refresh-after': String(REFRESH_AFTER_SECONDS) } };
    const done = state.report as ScanWork;
    if (done.type !== asked.type)
      return scannerError(400, `scan ${id} produced a ${done.type} report, not a ${asked.type} report`);
    return { status: 200, body: done.report, headers: { 'content-type': asked.mimeType } };
  }

  /** With an API key configured, `Bearer <key>` or `X-ScannerAdapter-API-Key: <key>` is required. */
  private guarded(handler: Handler): Handler {
    return async (request, query) =>
      this.authorized(request.headers) ? handler(request, query) : scannerError(401, 'unauthorized');
  }

  private authorized(headers: IncomingHttpHeaders): boolean {
    const key = this.config.apiKey;
    if (!key) return true;
    const apiKeyHeader = headers['x-scanneradapter-api-key'];
    const presented =
      (typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined) ??
      headers.authorization?.replace(/^Bearer /i, '') ??
      '';
    return presented.length === key.length && timingSafeEqual(Buffer.from(presented), Buffer.from(key));
  }
}

/** The scan id as the caller meant it; a malformed escape is the caller's error. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw HarborError.badRequest(`malformed path ${segment}`);
  }
}
