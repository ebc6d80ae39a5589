import { rootCertificates } from 'node:tls';
import { assertOutboundUrl } from '@harbor-ts/outbound';
import { Agent, fetch, type Response } from 'undici';
import { registryTypeSpec } from './registry-types.js';

/** A registry as core calls it: the secret is plain here and only here, never logged. */
export interface RegistryTarget {
  type: string;
  url: string;
  insecure: boolean;
  /** PEM certificates trusted for this registry besides the system's; '' for none. */
  caCertificate: string;
  accessKey: string;
  accessSecret: string;
}

const TIMEOUT_MS = 15_000;
const verifying = new Agent({ connect: { rejectUnauthorized: true } });
// `insecure` skips certificate checks for that registry's calls only: other calls keep the verifying agent.
const trusting = new Agent({ connect: { rejectUnauthorized: false } });
// A registry's own CA is trusted for its calls only, beside the system's; one agent per bundle.
const withCa = new Map<string, Agent>();

function dispatcherFor(target: RegistryTarget): Agent {
  if (target.insecure) return trusting;
  if (!target.caCertificate) return verifying;
  let agent = withCa.get(target.caCertificate);
  if (!agent) {
    if (withCa.size > 100) withCa.clear();
    agent = new Agent({
      connect: { rejectUnauthorized: true, ca: [...rootCertificates, target.caCertificate] },
    });
    withCa.set(target.caCertificate, agent);
  }
  return agent;
}

/**
 * One outbound GET to a registry: the address (and every address its host resolves to) checked
 * against the outbound rules first, redirects not followed, a bounded wait.
 */
export async function registryGet(
  target: RegistryTarget,
  url: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  await assertOutboundUrl(url, { what: 'registry URL' });
  return fetch(url, {
    headers,
    redirect: 'manual',
    dispatcher: dispatcherFor(target),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}

/** The username and password the provider's distribution API takes (Quay's come from its JSON file). */
export function distributionLogin(
  target: RegistryTarget,
): { username: string; password: string } | undefined {
  if (target.type === 'quay' && target.accessSecret) {
    try {
      const file = JSON.parse(target.accessSecret) as { account_name?: string; docker_cli_password?: string };
      if (file.account_name) return { username: file.account_name, password: file.docker_cli_password ?? '' };
    } catch {
      return undefined;
    }
  }
  if (!target.accessKey && !target.accessSecret) return undefined;
  return { username: target.accessKey, password: target.accessSecret };
}

function basic(login: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
}

/** `Bearer realm="...",service="..."` → its scheme and parameters. */
export function parseChallenge(header: string | null): { scheme: string; params: Record<string, string> } {
  const text = header?.trim() ?? '';
  const space = text.indexOf(' ');
  const scheme = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const match of text.slice(space + 1).matchAll(/([a-zA-Z_]+)="([^"]*)"/g))
    params[match[1]!.toLowerCase()] = match[2]!;
  return { scheme, params };
}

/** A token from the realm of a Bearer challenge, with the stored login when there is one. */
async function fetchToken(
  target: RegistryTarget,
  params: Record<string, string>,
  login: ReturnType<typeof distributionLogin>,
): Promise<string | undefined> {
  if (!params.realm) return undefined;
  const realm = new URL(params.realm);
  if (params.service) realm.searchParams.set('service', params.service);
  if (params.scope) realm.searchParams.set('scope', params.scope);
  const response = await registryGet(target, realm.toString(), login ? { authorization: basic(login) } : {});
  if (response.status !== 200) {
    await response.body?.cancel();
    return undefined;
  }
  const body = (await response.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token;
}

/** Where the provider's `/v2/` lives. */
export function distributionBase(target: RegistryTarget): string {
  return registryTypeSpec(target.type)?.distributionUrl ?? target.url;
}

/**
 * Harbor's health check: `GET /v2/` answers 200, or 401 with a Basic or Bearer challenge that the
 * stored credentials satisfy (for Bearer, a token fetched from the challenge's realm). Anything else,
 * an unreachable host or a refused address included, is unhealthy.
 */
export async function isRegistryHealthy(target: RegistryTarget): Promise<boolean> {
  const ping = `${distributionBase(target)}/v2/`;
  const login = distributionLogin(target);
  try {
    const first = await registryGet(target, ping);
    await first.body?.cancel();
    if (first.status === 200) return true;
    if (first.status !== 401) return false;
    const { scheme, params } = parseChallenge(first.headers.get('www-authenticate'));
    let authorization: string;
    if (scheme === 'basic') {
      if (!login) return false;
      authorization = basic(login);
    } else if (scheme === 'bearer') {
      const token = await fetchToken(target, params, login);
      if (!token) return false;
      authorization = `Bearer ${token}`;
    } else return false;
    const second = await registryGet(target, ping, { authorization });
    await second.body?.cancel();
    return second.status === 200;
  } catch {
    // Unreachable, refused by the outbound rules, a TLS failure or a timeout: all mean unhealthy.
    return false;
  }
}
