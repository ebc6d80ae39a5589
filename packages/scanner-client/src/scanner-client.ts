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
    const { status, body } = await this.call('/metadata', { accept: ScannerMimeTypes.adapterMetadata });
    if (status !== 200) throw this.unexpected(status, body);
    const parsed = scannerAdapterMetadataSchema.safeParse(parseJson(body));
    if (!parsed.success) throw new ScannerError(`${this.endpoint.url} sent invalid metadata`);
    const problem = metadataProblem(parsed.data);
    if (problem) throw new ScannerError(`${this.endpoint.url}: ${problem}`);
    return parsed.data;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async call(path: string, headers: Record<string, string>) {
    const base = this.endpoint.url.replace(/\/+$/, '');
    const url = `${base}/api/v1${path}`;
    try {
      await assertOutboundUrl(url, { what: 'scanner URL' });
      const timeout = this.options.timeoutMs ?? 10_000;
      const response = await request(url, {
        method: 'GET',
        headers: { ...headers, ...authorizationHeaders(this.endpoint.auth, this.endpoint.credential) },
        dispatcher: this.agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      return { status: response.statusCode, body: await response.body.text() };
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
