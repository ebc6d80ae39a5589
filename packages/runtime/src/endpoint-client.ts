import { Agent, request, type Dispatcher } from 'undici';
import type { Endpoint } from '@harbor-ts/config';

/** Calls another harbor-ts service at its configured endpoint, over TCP or a Unix socket. */
export class EndpointClient {
  private readonly dispatcher: Dispatcher;

  constructor(
    readonly endpoint: Endpoint,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {
    this.dispatcher = new Agent({
      connect: endpoint.socket ? { socketPath: endpoint.socket } : {},
      keepAliveTimeout: 10_000,
    });
  }

  request(path: string, options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { timeoutMs?: number } = { method: 'GET' }) {
    const { timeoutMs = 10_000, headers, ...rest } = options;
    return request(new URL(path, this.endpoint.url), {
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
