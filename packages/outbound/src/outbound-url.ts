import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses no user-given endpoint may point at: link-local (cloud metadata services live there,
 * 169.254.169.254 and fd00:ec2::254), unspecified, multicast and broadcast. Loopback and private
 * ranges stay allowed: harbor-ts runs inside company networks, where registries, scanners and CI
 * receivers are private hosts.
 */
const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4');
FORBIDDEN.addSubnet('0.0.0.0', 8, 'ipv4');
FORBIDDEN.addSubnet('224.0.0.0', 4, 'ipv4');
FORBIDDEN.addAddress('255.255.255.255', 'ipv4');
FORBIDDEN.addSubnet('100.100.100.200', 32, 'ipv4'); // Alibaba Cloud's metadata service
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6');
FORBIDDEN.addSubnet('ff00::', 8, 'ipv6');
FORBIDDEN.addAddress('::', 'ipv6');
FORBIDDEN.addAddress('fd00:ec2::254', 'ipv6');

export interface OutboundUrlRules {
  /** Shown in messages: "registry URL", "webhook address"... */
  what: string;
}

/**
 * Harbor's `ValidateHTTPURL`: trims spaces and trailing slashes, takes a bare host for http, and
 * keeps only scheme, host and path (no credentials, query or fragment). Throws `OutboundUrlError`.
 */
export function normaliseHttpUrl(raw: string, rules: OutboundUrlRules): string {
  let text = raw.trim().replace(/\/+$/, '');
  if (!text) throw new OutboundUrlError(`invalid ${rules.what}: empty string`);
  if (!text.includes('://')) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundUrlError(`invalid ${rules.what}: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundUrlError(
      `invalid ${rules.what}: invalid HTTP scheme ${url.protocol.replace(/:$/, '')}`,
    );
  const normalised = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  const problem = outboundUrlProblem(normalised, rules);
  if (problem) throw new OutboundUrlError(problem);
  return normalised;
}

/** What is wrong with a URL's shape (scheme, credentials, host), or undefined; no network call. */
export function outboundUrlProblem(raw: string, { what }: OutboundUrlRules): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `invalid ${what}: ${raw}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `invalid ${what}: only http and https are supported`;
  if (url.username || url.password) return `invalid ${what}: credentials must not be part of the URL`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return `invalid ${what}: no host`;
  if (isIP(host) && isForbiddenAddress(host)) return `invalid ${what}: ${host} is not an allowed address`;
  return undefined;
}

/**
 * The full check before a call: the URL's shape, then every address its host resolves to, so a
 * name pointing at a metadata address is refused too. Throws `OutboundUrlError`.
 */
export async function assertOutboundUrl(raw: string, rules: OutboundUrlRules): Promise<URL> {
  const problem = outboundUrlProblem(raw, rules);
  if (problem) throw new OutboundUrlError(problem);
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return url;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    throw new OutboundUrlError(`invalid ${rules.what}: host ${host} cannot be resolved`);
  }
  const bad = addresses.find(({ address }) => isForbiddenAddress(address));
  if (bad)
    throw new OutboundUrlError(
      `invalid ${rules.what}: ${host} resolves to ${bad.address}, not an allowed address`,
    );
  return url;
}

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return FORBIDDEN.check(mapped, 'ipv4');
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class OutboundUrlError extends Error {
  override name = 'OutboundUrlError';
}
