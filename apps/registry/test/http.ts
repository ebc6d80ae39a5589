import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import { AUTH, type TestRegistry } from './harness.js';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json<T = { errors: { code: string }[] }>(): T;
}

/**
 * Sends the path exactly as written: WHATWG URL parsing (fetch) would resolve `%2e%2e` and `..`
 * before they reach the server, which is what the traversal tests must not allow.
 */
export function send(
  registry: TestRegistry,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; auth?: boolean } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.auth === false ? {} : { authorization: AUTH }), ...options.headers };
    if (options.body !== undefined && headers['content-length'] === undefined) {
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const [host, port] = registry.host.split(':');
    const req = httpRequest({ host, port: Number(port), method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Monolithic upload; returns the digest. */
export async function pushBlob(registry: TestRegistry, name: string, data: Buffer | string): Promise<string> {
  const digest = sha256(data);
  const res = await send(registry, 'POST', `/v2/${name}/blobs/uploads/?digest=${digest}`, {
    body: data,
    headers: { 'content-type': 'application/octet-stream' },
  });
  if (res.status !== 201) throw new Error(`push blob: ${res.status} ${res.body.toString()}`);
  return digest;
}

/** Pushes a config and one layer, then an OCI image manifest referencing them. */
export async function pushImage(
  registry: TestRegistry,
  name: string,
  tag: string,
  extra: Record<string, unknown> = {},
): Promise<{ digest: string; bytes: Buffer; configDigest: string }> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', tag }));
  const layer = Buffer.from(`layer of ${name}:${tag}`);
  const configDigest = await pushBlob(registry, name, config);
  const layerDigest = await pushBlob(registry, name, layer);
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
    ...extra,
  };
  // Unusual spacing on purpose: the registry must store and serve these exact bytes.
  const bytes = Buffer.from(JSON.stringify(manifest, null, 3));
  const res = await send(registry, 'PUT', `/v2/${name}/manifests/${tag}`, {
    body: bytes,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  if (res.status !== 201) throw new Error(`push manifest: ${res.status} ${res.body.toString()}`);
  return { digest: sha256(bytes), bytes, configDigest };
}
