import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * The response being built: status and headers, then one `send`. A small fluent wrapper over a
 * plain ServerResponse, with Fastify's send rules the clients were tested against: a body gets its
 * Content-Length, and an empty answer other than 204/304 or a HEAD says `content-length: 0`.
 */
export class Reply {
  statusCode = 200;
  private readonly pending: OutgoingHttpHeaders = {};

  constructor(
    readonly raw: ServerResponse,
    private readonly method: string,
  ) {}

  /** Whether the head has gone out: from then on a failure can only cut the connection. */
  get sent(): boolean {
    return this.raw.headersSent;
  }

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: string): this {
    this.pending[name.toLowerCase()] = value;
    return this;
  }

  headers(values: Record<string, string>): this {
    for (const [name, value] of Object.entries(values)) this.header(name, value);
    return this;
  }

  /** Sends the head only; the caller then streams the body into `raw` itself (blob downloads). */
  writeHead(): ServerResponse {
    return this.raw.writeHead(this.statusCode, this.pending);
  }

  send(body?: string | Buffer): void {
    if (body !== undefined) {
      // The body's own length, as Fastify did: an error answer may follow headers set for a blob.
      // A HEAD keeps the length its GET would have had.
      if (this.method !== 'HEAD' || this.pending['content-length'] === undefined)
        this.pending['content-length'] = String(Buffer.byteLength(body));
    } else if (this.statusCode !== 204 && this.statusCode !== 304 && this.method !== 'HEAD') {
      this.pending['content-length'] = '0';
    }
    this.raw.writeHead(this.statusCode, this.pending).end(body);
  }
}
