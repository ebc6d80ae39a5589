import { Agent, request } from 'undici';
import { assertOutboundUrl, OutboundUrlError } from '@harbor-ts/outbound';
import { authorizationHeaders, type ScannerAuthType } from './authorization.js';
import { metadataProblem, scannerAdapterMetadataSchema, type ScannerAdapterMetadata } from './metadata.js';
import { ScannerMimeTypes } from './mime-types.js';

/** Where a scanner adapter answers and how to authenticate to it (a registration's settings). */
export interface ScannerEndpoint {
  url: string;
  auth: ScannerAuthType;
  credential: string;
  skipCertVerify: boolean;
}

/** `ScanRequest` of the scanner API: where to pull the artifact from, and with what. */
export interface ScanRequest {
  registry: { url: string; authorization: string };
  artifact: { repository: string; digest: string; tag?: string; mime_type: string; size?: number };
  enabled_capabilities?: {
    type: string;
    produces_mime_types: string[];
    /** For `sbom`: `{ sbom_media_types: [...] }`, the formats asked for. */
    parameters?: Record<string, unknown>;
  }[];
}

/** A report that is not ready yet: ask again after `retryAfterSeconds`. */
export interface ReportPending {
  ready: false;
  retryAfterSeconds: number;
}

/** Harbor waits 5 s between report polls unless the adapter's `Refresh-After` says otherwise. */
export const DEFAULT_REFRESH_SECONDS = 5;

/** The adapter could not be reached, or answered something the scanner API does not allow. */
export class ScannerError extends Error {
  override name = 'ScannerError';
}

const MAX_ERROR_BODY = 300;

/**
 * Calls one scanner adapter (`<url>/api/v1/...`). Every call checks the URL first (shape and the
 * addresses its host resolves to), so a registration cannot point core or jobservice at a
 * metadata service; redirects are not followed.
 */
export class ScannerClient {
  private readonly agent: Agent;

  constructor(
    private readonly endpoint: ScannerEndpoint,
    private readonly options: { timeoutMs?: number } = {},
  ) {
    this.agent = new Agent({ connect: { rejectUnauthorized: !endpoint.skipCertVerify } });
  }

  /** `GET /api/v1/metadata`, validated as Harbor validates it before using a scanner. */
  async getMetadata(): Promise<ScannerAdapterMetadata> {
    const { status, body } = await this.call('GET', '/metadata', {
      accept: ScannerMimeTypes.adapterMetadata,
    });
    if (status !== 200) throw this.unexpected(status, body);
    const parsed = scannerAdapterMetadataSchema.safeParse(parseJson(body));
    if (!parsed.success) throw new ScannerError(`${this.endpoint.url} sent invalid metadata`);
    const problem = metadataProblem(parsed.data);
    if (problem) throw new ScannerError(`${this.endpoint.url}: ${problem}`);
    return parsed.data;
  }

  /** `POST /api/v1/scan`: the adapter accepts the request (202) and answers its scan id. */
  async submitScan(request: ScanRequest): Promise<string> {
    const { status, body } = await this.call(
      'POST',
      '/scan',
      { 'content-type': ScannerMimeTypes.scanRequest, accept: ScannerMimeTypes.scanResponse },
      JSON.stringify(request),
    );
    if (status !== 202) throw this.unexpected(status, body);
    const id = (parseJson(body) as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !id)
      throw new ScannerError(`${this.endpoint.url} answered a scan without an id`);
    return id;
  }

  /** `GET /api/v1/scan/{id}/report`: the report (parsed JSON), or when to ask again (302). */
  async getReport(
    scanId: string,
    mimeType: string,
    /** Query parameters of the report URL: an SBOM's `sbom_media_type`. */
    query: Record<string, string> = {},
  ): Promise<{ ready: true; report: unknown } | ReportPending> {
    const search = new URLSearchParams(query).toString();
    const path = `/scan/${encodeURIComponent(scanId)}/report${search ? `?${search}` : ''}`;
    const { status, body, headers } = await this.call('GET', path, { accept: mimeType });
    if (status === 302) {
      const seconds = Number(headers['refresh-after']);
      return { ready: false, retryAfterSeconds: seconds > 0 ? seconds : DEFAULT_REFRESH_SECONDS };
    }
    if (status !== 200) throw this.unexpected(status, body);
    const report = parseJson(body);
    if (report === undefined) throw new ScannerError(`${this.endpoint.url} sent a report that is not JSON`);
    return { ready: true, report };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string) {
    const base = this.endpoint.url.replace(/\/+$/, '');
    const url = `${base}/api/v1${path}`;
    try {
      await assertOutboundUrl(url, { what: 'scanner URL' });
      const timeout = this.options.timeoutMs ?? 10_000;
      const response = await request(url, {
        method,
        body,
        headers: { ...headers, ...authorizationHeaders(this.endpoint.auth, this.endpoint.credential) },
        dispatcher: this.agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
    } catch (error) {
      if (error instanceof OutboundUrlError) throw new ScannerError(error.message);
      throw new ScannerError(`failed to reach the scanner at ${base}: ${describe(error)}`);
    }
  }

  private unexpected(status: number, body: string): ScannerError {
    const excerpt = body.length > MAX_ERROR_BODY ? `${body.slice(0, MAX_ERROR_BODY)}…` : body;
    return new ScannerError(`${this.endpoint.url} answered ${status}${excerpt ? `: ${excerpt}` : ''}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** undici's own errors say little ("fetch failed"); the cause's code says what happened. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code =
    (error as NodeJS.ErrnoException).code ?? (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return code ? `${error.message} (${code})` : error.message;
}
