import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { Dispatcher } from 'undici';
import { PeerClients } from '../infrastructure/peer-clients.js';

/** Headers that describe one connection, not the message; never forwarded in either direction. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);
/** Set by us (host, credentials for the registry) rather than by the client, or for core only (nginx's secret). */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'authorization', 'cookie', 'x-harbor-upstream-relay']);
/** A big layer over a slow link takes long; the socket still times out when nothing moves. */
const TRANSFER_TIMEOUT_MS = 15 * 60 * 1000;

export interface ForwardOptions {
  /** Path and query to send; defaults to the client's. */
  path?: string;
  /** A buffered body (manifests); otherwise the client's request streams through. */
  body?: Buffer;
  /** Another method than the client's (a HEAD to check a blob before nginx serves it). */
  method?: Dispatcher.HttpMethod;
}

/** Relays /v2 requests to the internal registry, streaming bodies both ways. */
@Injectable()
export class RegistryProxy {
  constructor(private readonly peers: PeerClients) {}

  forward(request: IncomingMessage, options: ForwardOptions = {}): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !NOT_FORWARDED.has(name))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let body: Buffer | IncomingMessage | undefined;
    if (options.body) {
      body = options.body;
      headers['content-length'] = String(options.body.length);
    } else if (hasBody(request)) {
      body = request;
    }
    return this.peers.registry.request(options.path ?? request.url ?? '/v2/', {
      method: options.method ?? ((request.method ?? 'GET') as Dispatcher.HttpMethod),
      headers,
      body,
      timeoutMs: TRANSFER_TIMEOUT_MS,
    });
  }

  /** Writes the registry's answer to the client; absolute Locations are moved to the public origin. */
  async relay(
    upstream: Dispatcher.ResponseData,
    response: ServerResponse,
    publicOrigin: string,
  ): Promise<void> {
    response.writeHead(upstream.statusCode, responseHeaders(upstream.headers, publicOrigin));
    await pipeline(upstream.body, response);
  }
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function responseHeaders(
  headers: IncomingHttpHeaders,
  publicOrigin: string,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] =
      name === 'location' && typeof value === 'string' ? publicLocation(value, publicOrigin) : value;
  }
  return out;
}

/** The registry answers with relative Locations; should it send an absolute one, it must not leak its own host. */
function publicLocation(location: string, publicOrigin: string): string {
  if (!/^https?:\/\//i.test(location)) return location;
  const url = new URL(location);
  return `${publicOrigin}${url.pathname}${url.search}`;
}
