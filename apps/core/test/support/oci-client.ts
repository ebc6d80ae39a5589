import { createHash } from 'node:crypto';
import { basicAuth, type Credentials } from './harbor-client.js';

export const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A registry token from core's token service for the given scopes. */
export async function registryToken(baseUrl: string, scopes: string[], as?: Credentials): Promise<string> {
  const query = new URLSearchParams({ service: 'harbor-registry' });
  for (const scope of scopes) query.append('scope', scope);
  const response = await fetch(`${baseUrl}/service/token?${query}`, {
    headers: as ? { authorization: basicAuth(as) } : {},
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** A minimal distribution client speaking to one base URL with one Authorization header. */
export class OciClient {
  constructor(
    private readonly baseUrl: string,
    private readonly authorization?: string,
  ) {}

  static bearer(baseUrl: string, token: string) {
    return new OciClient(baseUrl, `Bearer ${token}`);
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.authorization) headers.set('authorization', this.authorization);
    return fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: 'manual' });
  }

  /** Monolithic upload: POST then PUT with the digest. Returns the final response. */
  async pushBlob(repository: string, data: Buffer): Promise<Response> {
    const start = await this.fetch(`/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    if (start.status !== 202) return start;
    const location = start.headers.get('location') ?? '';
    const url = new URL(location, this.baseUrl);
    url.searchParams.set('digest', sha256(data));
    return this.fetch(url.pathname + url.search, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: data,
    });
  }

  pushManifest(
    repository: string,
    reference: string,
    manifest: object,
    mediaType: string,
  ): Promise<Response> {
    return this.fetch(`/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body: JSON.stringify(manifest),
    });
  }

  /** Pushes a config and layers, then an OCI image manifest; returns the manifest and its digest. */
  async pushImage(
    repository: string,
    reference: string,
    options: { layers?: Buffer[]; architecture?: string; subject?: object } = {},
  ) {
    const layers = options.layers ?? [Buffer.from(`layer of ${repository}:${reference}`)];
    const config = Buffer.from(
      JSON.stringify({
        architecture: options.architecture ?? 'amd64',
        os: 'linux',
        author: 'tests',
        created: '2024-01-02T03:04:05Z',
        config: { Env: ['A=1'] },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(l)) },
      }),
    );
    for (const blob of [config, ...layers]) {
      const response = await this.pushBlob(repository, blob);
      if (response.status !== 201)
        throw new Error(`blob push failed: ${response.status} ${await response.text()}`);
    }
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length,
      },
      layers: layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha256(l),
        size: l.length,
      })),
      ...(options.subject ? { subject: options.subject } : {}),
    };
    const response = await this.pushManifest(repository, reference, manifest, manifest.mediaType);
    const bytes = Buffer.from(JSON.stringify(manifest));
    return {
      response,
      manifest,
      digest: sha256(bytes),
      size: bytes.length + config.length + layers.reduce((s, l) => s + l.length, 0),
    };
  }
}
