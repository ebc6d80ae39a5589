import { rootCertificates } from 'node:tls';
import type { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { assertOutboundUrl } from '@harbor-ts/outbound';
import { parseChallenge, type Challenge } from './challenge.js';
import { RegistryError, retryAfter, withRetries, type RetryOptions } from './retry.js';

/** A registry as a `registry` row describes it; the password is already unsealed. */
export interface RegistryEndpoint {
  url: string;
  username?: string;
  password?: string;
  /** Skip TLS verification (self-signed certificates). */
  insecure?: boolean;
  /** PEM certificates trusted for this registry's TLS besides the system's (a private CA). */
  caCertificate?: string;
  /**
   * Where to ask for tokens instead of the challenge's realm: harbor-ts's own token service when it is
   * reached at core's internal address, because its challenge names the external URL, which a
   * container may not reach.
   */
  tokenServiceUrl?: string;
}

export interface RegistryHttpOptions {
  /** Longest silence on a connection (waiting for headers or between body chunks), never a total. */
  idleTimeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  signal?: AbortSignal;
  onRetry?: RetryOptions['onRetry'];
}

export interface SendOptions {
  /** Token scopes this call needs (`repository:a/b:pull`); ignored with Basic auth. */
  scopes?: string[];
  headers?: Record<string, string>;
  /** A stream cannot be replayed: a call with one is tried once, its caller retries the whole step. */
  body?: string | Buffer | Readable;
  /** Whether to send credentials (not to a redirect's storage URL). */
  anonymous?: boolean;
  /** Tried once: the caller retries a larger step (a whole blob copy). */
  once?: boolean;
  /** Basic credentials whatever `/v2/` challenges with: Harbor's REST API (`/api/v2.0`) takes them. */
  basic?: boolean;
}

export type Response = Dispatcher.ResponseData;

const TOKEN_MARGIN_MS = 10_000;
const DEFAULT_TOKEN_SECONDS = 60;

/**
 * HTTP to one registry: finds out how it authenticates (`/v2/` challenge), fetches and caches bearer
 * tokens per set of scopes until they expire, retries what may be retried, and checks every URL
 * before calling it (no metadata-service addresses). Redirects are not followed here.
 */
export class RegistryHttp {
  readonly base: string;
  private readonly agent: Agent;
  private challenge?: Promise<Challenge>;
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  readonly retry: RetryOptions;

  constructor(
    readonly endpoint: RegistryEndpoint,
    private readonly options: RegistryHttpOptions = {},
  ) {
    this.base = endpoint.url.replace(/\/+$/, '');
    const idle = options.idleTimeoutMs ?? 120_000;
    this.agent = new Agent({
      connect: {
        rejectUnauthorized: !endpoint.insecure,
        ...(endpoint.caCertificate ? { ca: [...rootCertificates, endpoint.caCertificate] } : {}),
      },
      headersTimeout: idle,
      bodyTimeout: idle,
    });
    this.retry = {
      attempts: options.attempts ?? 5,
      backoffMs: options.backoffMs ?? 500,
      signal: options.signal,
      onRetry: options.onRetry,
    };
  }

  /**
   * The `/v2/` challenge, asked once (without credentials). Not retried here: the call that needs it
   * is, so a registry that is down costs one series of tries, not one inside another.
   */
  discover(): Promise<Challenge> {
    this.challenge ??= (async () => {
      const res = await this.raw('GET', `${this.base}/v2/`, {});
      await res.body.dump();
      if (res.statusCode === 200) return { scheme: 'none' } as Challenge;
      if (res.statusCode === 401) return parseChallenge(header(res, 'www-authenticate'));
      throw statusError(res.statusCode, 'GET /v2/', '', retryAfter(res.headers['retry-after']));
    })().catch((error: unknown) => {
      this.challenge = undefined;
      throw error;
    });
    return this.challenge;
  }

  /** One call, retried on network errors, 5xx and 429 when its body can be sent again (and not `once`). */
  async send(method: string, path: string, options: SendOptions = {}): Promise<Response> {
    const replayable = !options.once && replayableBody(options.body);
    const once = async () => {
      const res = await this.authorised(method, path, options);
      if (res.statusCode >= 500 || res.statusCode === 429) {
        const text = await res.body.text().catch(() => '');
        throw statusError(res.statusCode, `${method} ${path}`, text, retryAfter(res.headers['retry-after']));
      }
      return res;
    };
    return replayable ? withRetries(this.retry, once) : once();
  }

  /**
   * The Authorization header a call with these scopes would carry (a cached or new bearer token, Basic
   * credentials, or none), for another HTTP client to send the call: nginx relaying a proxy-cache miss.
   */
  async authorizationFor(scopes: string[]): Promise<string | undefined> {
    return withRetries(this.retry, async () => this.authorization(await this.discover(), scopes));
  }

  /** `path` absolute (`http://...`, from a Location header) or under the base. */
  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.base}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async authorised(method: string, path: string, options: SendOptions): Promise<Response> {
    const url = this.url(path);
    if (options.anonymous) return this.raw(method, url, options);
    if (options.basic) return this.raw(method, url, { ...options, authorization: this.basicAuthorization() });
    const challenge = await this.discover();
    const auth = await this.authorization(challenge, options.scopes ?? []);
    const res = await this.raw(method, url, { ...options, authorization: auth });
    if (res.statusCode !== 401 || challenge.scheme !== 'bearer' || !replayableBody(options.body)) return res;
    // The remote wants a scope we did not ask for (a mount's source repository, the catalog): ask for it.
    const asked = parseChallenge(header(res, 'www-authenticate'));
    if (asked.scheme !== 'bearer' || !asked.scope || options.scopes?.includes(asked.scope)) return res;
    await res.body.dump();
    const retried = await this.authorization(asked, [...(options.scopes ?? []), asked.scope]);
    return this.raw(method, url, { ...options, authorization: retried });
  }

  private async authorization(challenge: Challenge, scopes: string[]): Promise<string | undefined> {
    const basic = this.basicAuthorization() ?? '';
    if (challenge.scheme === 'basic') return basic || undefined;
    if (challenge.scheme !== 'bearer') return undefined;
    const key = [...scopes].sort().join(' ');
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.token}`;
    const tokenUrl = new URL(this.endpoint.tokenServiceUrl ?? challenge.realm);
    if (challenge.service) tokenUrl.searchParams.set('service', challenge.service);
    for (const scope of scopes) tokenUrl.searchParams.append('scope', scope);
    // Not retried here either: the call that needs the token is.
    const res = await this.raw('GET', tokenUrl.toString(), { authorization: basic || undefined });
    const text = await res.body.text();
    if (res.statusCode !== 200)
      throw statusError(res.statusCode, 'token request', text, retryAfter(res.headers['retry-after']));
    const token = JSON.parse(text) as { token?: string; access_token?: string; expires_in?: number };
    const value = token.token ?? token.access_token;
    if (!value) throw new RegistryError('the token service answered no token');
    const lifetime = (token.expires_in ?? DEFAULT_TOKEN_SECONDS) * 1000;
    this.tokens.set(key, { token: value, expiresAt: Date.now() + Math.max(0, lifetime - TOKEN_MARGIN_MS) });
    return `Bearer ${value}`;
  }

  private basicAuthorization(): string | undefined {
    const { username, password } = this.endpoint;
    return username ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` : undefined;
  }

  private async raw(
    method: string,
    url: string,
    options: SendOptions & { authorization?: string },
  ): Promise<Response> {
    await assertOutboundUrl(url, { what: 'registry URL' });
    const headers: Record<string, string> = { ...options.headers };
    if (options.authorization) headers.authorization = options.authorization;
    try {
      return await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body: options.body,
        dispatcher: this.agent,
        signal: this.options.signal,
      });
    } catch (error) {
      if (error instanceof Error && error.name !== 'AbortError') {
        const wrapped = new RegistryError(`${method} ${new URL(url).pathname}: ${error.message}`);
        throw Object.assign(wrapped, { cause: error });
      }
      throw error;
    }
  }
}

function replayableBody(body: SendOptions['body']): boolean {
  return !(body && typeof body === 'object' && 'pipe' in body);
}

export function header(res: Response, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The remote's own reason (the OCI error body's first message) when it gave one. */
export function statusError(
  status: number,
  what: string,
  body: string,
  retryAfterSeconds?: number,
): RegistryError {
  let reason = body.trim().slice(0, 300);
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first) reason = [first.code, first.message].filter(Boolean).join(': ');
  } catch {
    // not JSON: keep the text
  }
  return new RegistryError(`${what}: ${status}${reason ? ` ${reason}` : ''}`, status, retryAfterSeconds);
}

/** Reads an answer that must have one of `ok` statuses; anything else becomes the remote's error. */
export async function expectStatus(res: Response, ok: number[], what: string): Promise<void> {
  if (ok.includes(res.statusCode)) return;
  const text = await res.body.text().catch(() => '');
  throw statusError(res.statusCode, what, text, retryAfter(res.headers['retry-after']));
}
