import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { OciClient } from './oci-client.js';
import { sha256 } from './oci-client.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
export const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

export interface ManifestParts {
  configMediaType: string;
  config: Buffer;
  layers: { mediaType: string; data: Buffer }[];
  artifactType?: string;
  subject?: { mediaType: string; digest: string; size: number };
}

/** Pushes the blobs, then an OCI manifest over them; returns its digest and exact bytes. */
export async function pushManifestOf(
  client: OciClient,
  repository: string,
  reference: string | undefined,
  parts: ManifestParts,
) {
  for (const blob of [parts.config, ...parts.layers.map((l) => l.data)]) {
    const response = await client.pushBlob(repository, blob);
    if (response.status !== 201)
      throw new Error(`blob push failed: ${response.status} ${await response.text()}`);
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    ...(parts.artifactType ? { artifactType: parts.artifactType } : {}),
    config: { mediaType: parts.configMediaType, digest: sha256(parts.config), size: parts.config.length },
    layers: parts.layers.map((l) => ({
      mediaType: l.mediaType,
      digest: sha256(l.data),
      size: l.data.length,
    })),
    ...(parts.subject ? { subject: parts.subject } : {}),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const digest = sha256(bytes);
  const response = await client.pushManifest(repository, reference ?? digest, manifest, OCI_MANIFEST);
  if (response.status !== 201)
    throw new Error(`manifest push failed: ${response.status} ${await response.text()}`);
  return { digest, bytes, manifest };
}

/** A chart .tgz as `helm package` lays it out: every file under `<name>/`. */
export async function chartArchive(name: string, files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [path, content] of Object.entries(files)) pack.entry({ name: `${name}/${path}` }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/** A Helm chart pushed as OCI (what `helm push` sends): Helm's config and one chart layer. */
export async function pushHelmChart(
  client: OciClient,
  repository: string,
  version: string,
  files: Record<string, string>,
) {
  const name = repository.split('/').pop()!;
  const archive = await chartArchive(name, files);
  const config = Buffer.from(JSON.stringify({ name, version, apiVersion: 'v2' }));
  return pushManifestOf(client, repository, version, {
    configMediaType: HELM_CONFIG,
    config,
    layers: [{ mediaType: HELM_CHART_LAYER, data: archive }],
  });
}
