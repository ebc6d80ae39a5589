import { Readable } from 'node:stream';
import { Agent, fetch, type Dispatcher } from 'undici';
import type { LayerStream } from '../image/layer-files.js';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

export interface PullTarget {
  registryUrl: string;
  /** The scan request's `Authorization`: `Basic` robot credentials (exchanged for a token) or `Bearer`. */
  authorization: string | undefined;
  repository: string;
  digest: string;
}

interface ImageManifest {
  mediaType?: string;
  layers?: { mediaType: string; digest: string; size: number }[];
}

/** A failure the scan report should name: the registry refused or answered nonsense. */
export class PullError extends Error {}

/**
 * Pulls one image through the registry API with the credentials of the scan request, as docker does
 * (the token flow when challenged), and streams its layers one at a time; nothing is read from disk.
 */
export class ImagePuller {
  private readonly dispatcher: Dispatcher | undefined;

  constructor(options: { insecure: boolean }) {
    this.dispatcher = options.insecure ? new Agent({ connect: { rejectUnauthorized: false } }) : undefined;
  }

  /** `signal` aborts the pull mid-transfer (the scan's timeout). */
  async *layers(target: PullTarget, signal?: AbortSignal): AsyncGenerator<LayerStream> {
    const authorization = await this.authorize(target, signal);
    const base = `${target.registryUrl.replace(/\/+$/, '')}/v2/${target.repository}`;
    const accept = [...MANIFEST_TYPES, ...INDEX_TYPES];
    const manifest = await this.get(`${base}/manifests/${target.digest}`, authorization, accept, signal);
    const body = (await manifest.json()) as ImageManifest;
    const mediaType = body.mediaType ?? manifest.headers.get('content-type') ?? '';
    if (INDEX_TYPES.includes(mediaType)) throw new PullError(`${target.digest} is an index; scan its images`);
    for (const layer of body.layers ?? []) {
      if (layer.mediaType.includes('zstd'))
        throw new PullError(`zstd layers are not supported (${layer.digest})`);
      const blob = await this.get(`${base}/blobs/${layer.digest}`, authorization, ['*/*'], signal);
      if (!blob.body) throw new PullError(`empty blob ${layer.digest}`);
      yield {
        stream: Readable.fromWeb(blob.body as import('node:stream/web').ReadableStream),
        gzip: /gzip/.test(layer.mediaType) || layer.mediaType.endsWith('.layer.v1.tar+gzip'),
      };
    }
  }

  private async get(url: string, authorization: string | undefined, accept: string[], signal?: AbortSignal) {
    const response = await fetch(url, {
      headers: { accept: accept.join(', '), ...(authorization ? { authorization } : {}) },
      ...(signal ? { signal } : {}),
      ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new PullError(`GET ${new URL(url).pathname} answered ${response.status}`);
    }
    return response;
  }

  /** `Basic` credentials are exchanged for a pull token when the registry challenges with Bearer. */
  private async authorize(target: PullTarget, signal?: AbortSignal): Promise<string | undefined> {
    if (!target.authorization?.startsWith('Basic ')) return target.authorization;
    const ping = await fetch(`${target.registryUrl.replace(/\/+$/, '')}/v2/`, {
      ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      ...(signal ? { signal } : {}),
    });
    await ping.body?.cancel();
    const challenge = ping.headers.get('www-authenticate') ?? '';
    if (ping.status !== 401 || !/^bearer /i.test(challenge)) return target.authorization;
    const realm = /realm="([^"]+)"/.exec(challenge)?.[1];
    if (!realm) throw new PullError('the registry challenged without a token realm');
    const url = new URL(realm);
    const service = /service="([^"]+)"/.exec(challenge)?.[1];
    if (service) url.searchParams.set('service', service);
    url.searchParams.set('scope', `repository:${target.repository}:pull`);
    const response = await this.get(url.toString(), target.authorization, ['application/json'], signal);
    const { token, access_token: accessToken } = (await response.json()) as {
      token?: string;
      access_token?: string;
    };
    if (!token && !accessToken) throw new PullError('the token service gave no token');
    return `Bearer ${token ?? accessToken}`;
  }
}
