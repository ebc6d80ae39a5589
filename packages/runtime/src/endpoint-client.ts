import { createRequire } from 'node:module';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import type { Endpoint } from '@harbor-ts/config';

// undici (~6 MiB of RSS) is loaded on first use, not by importing this package: most services that
// import @harbor-ts/runtime (the registry among them) never call another service.
let undici: typeof Undici | undefined;
const loadUndici = () => (undici ??= createRequire(import.meta.url)('undici') as typeof Undici);

/** Calls another harbor-ts service at its configured endpoint, over TCP or a Unix socket. */
export class EndpointClient {
  private readonly dispatcher: Dispatcher;

  constructor(
    readonly endpoint: Endpoint,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {
    this.dispatcher = new (loadUndici().Agent)({
      connect: endpoint.socket ? { socketPath: endpoint.socket } : {},
      keepAliveTimeout: 10_000,
    });
  }

  request(
    path: string,
    options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { timeoutMs?: number } = { method: 'GET' },
  ) {
    const { timeoutMs = 10_000, headers, ...rest } = options;
    return loadUndici().request(new URL(path, this.endpoint.url), {
      ...rest,
      headers: { ...this.defaultHeaders, ...(headers as Record<string, string> | undefined) },
      dispatcher: this.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
