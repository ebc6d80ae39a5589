import { timingSafeEqual } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { CoreConfig } from '@harbor-ts/config';
import { assertOutboundUrl } from '@harbor-ts/outbound';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import type { ProxyProject } from './proxy-projects.js';

/**
 * nginx sets this on /v2 requests, with the core secret as its value: it can fetch an upstream blob
 * itself. Only nginx may ask, because the answer carries the upstream's credentials for nginx to send.
 */
export const UPSTREAM_RELAY_HEADER = 'x-harbor-upstream-relay';

/** The internal nginx locations, one per kind of upstream connection (see prepare's nginx-conf). */
type RelayKind = 'http' | 'https' | 'https-insecure';

/**
 * A proxy-cache miss sent by nginx straight from the upstream, so its bytes never pass through Node
 * (as cached blobs are sent from the registry's files). Core authorises the call, resolves and checks
 * the upstream's address, and answers with an X-Accel-Redirect naming it; nginx fetches it with the
 * credentials core gives, and on any error or redirect replays the request to core, which relays it.
 */
@Injectable()
export class NginxRelay {
  private readonly secret: Buffer;

  constructor(@Inject(SERVICE_CONFIG) config: CoreConfig) {
    this.secret = Buffer.from(config.secrets.coreSecret);
  }

  /** Whether the request came through nginx's /v2 location, which can relay. */
  offered(request: IncomingMessage): boolean {
    const presented = Buffer.from(String(request.headers[UPSTREAM_RELAY_HEADER] ?? ''));
    return presented.length === this.secret.length && timingSafeEqual(presented, this.secret);
  }

  /**
   * The X-Accel-Redirect answer for a blob's GET, or undefined when nginx cannot make the call as core
   * would (an upstream trusted through a private CA: nginx trusts the system's CAs only).
   */
  async answer(
    project: ProxyProject,
    repository: string,
    digest: string,
  ): Promise<Record<string, string> | undefined> {
    const endpoint = project.upstream.http.endpoint;
    if (endpoint.caCertificate) return undefined;
    const { url, authorization } = await project.upstream.blobRequest(
      project.upstreamRepository(repository),
      digest,
    );
    return relayHeaders(url, kindOf(new URL(url), endpoint.insecure), authorization, project.speedKb);
  }
}

function kindOf(url: URL, insecure: boolean | undefined): RelayKind {
  if (url.protocol === 'http:') return 'http';
  return insecure ? 'https-insecure' : 'https';
}

/**
 * nginx is given the address core resolved and checked (a name could resolve elsewhere by the time nginx
 * asked, and nginx cannot read /etc/hosts), with the name kept for the Host header and TLS.
 */
async function relayHeaders(
  raw: string,
  kind: RelayKind,
  authorization: string | undefined,
  speedKb: number,
): Promise<Record<string, string>> {
  const url = new URL(raw);
  const name = url.hostname.replace(/^\[|\]$/g, '');
  const address = isIP(name) ? name : (await lookup(name)).address;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const target = `${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
  // The very address nginx will call, as every outbound call is checked.
  await assertOutboundUrl(`${url.protocol}//${target}${url.pathname}`, { what: 'registry URL' });
  return {
    'x-accel-redirect': `/_upstream_blob/${kind}/${target}${url.pathname}`,
    'x-upstream-host': url.host,
    'x-upstream-server-name': name,
    'x-upstream-authorization': authorization ?? '',
    'x-upstream-rate': String(speedKb * 1024),
  };
}
