import { MediaType, parseManifest, type ParsedManifest } from '@harbor-ts/oci';

/** What Harbor stores about an artifact, read from its manifest (and image config). */
export interface ManifestSummary {
  parsed: ParsedManifest;
  /** Harbor's artifact type: IMAGE, CHART, CNAB or UNKNOWN. */
  type: string;
  /** The config media type of an image manifest; the manifest media type of an index. */
  mediaType: string;
  artifactType: string;
  /** Manifest plus every config and layer it names (children are added for an index). */
  size: number;
  /** Blob digests the artifact holds: its own manifest, config and layers, or an index's children. */
  blobDigests: string[];
  children: {
    digest: string;
    platform: string | null;
    urls: string | null;
    annotations: Record<string, string> | null;
  }[];
  /** The accessory type when the manifest has a subject (signatures, SBOMs...). */
  accessoryType?: string;
}

const CONFIG_TYPES: Record<string, string> = {
  'application/vnd.oci.image.config.v1+json': 'IMAGE',
  'application/vnd.docker.container.image.v1+json': 'IMAGE',
  'application/vnd.cncf.helm.config.v1+json': 'CHART',
  'application/vnd.cnab.manifest.v1': 'CNAB',
  'application/vnd.goharbor.harbor.sbom.v1': 'SBOM',
};

/**
 * Harbor's accessory types by the manifest's artifactType (or config media type); any other manifest with a
 * subject is a `subject.accessory`, and an image manifest with a subject is a Nydus acceleration when a layer
 * carries Nydus's bootstrap annotation (Harbor's subject middleware).
 */
const ACCESSORY_TYPES: Record<string, string> = {
  'application/vnd.dev.cosign.artifact.sig.v1+json': 'signature.cosign',
  'application/vnd.dev.sigstore.bundle.v0.3+json': 'signature.cosign',
  'application/vnd.cncf.notary.signature': 'signature.notation',
  'application/vnd.goharbor.harbor.sbom.v1': 'sbom.harbor',
};
const NYDUS_BOOTSTRAP = 'containerd.io/snapshot/nydus-bootstrap';

function accessoryTypeOf(fromType: string | undefined, layers: Json[]): string {
  const known = ACCESSORY_TYPES[fromType ?? ''];
  if (known) return known;
  const isImage = fromType !== undefined && CONFIG_TYPES[fromType] === 'IMAGE';
  const nydus = layers.some((layer) => NYDUS_BOOTSTRAP in ((layer.annotations as Json | undefined) ?? {}));
  return isImage && nydus ? 'accelerator.nydus' : 'subject.accessory';
}

type Json = Record<string, unknown>;

export function summarizeManifest(
  bytes: Buffer,
  contentType: string | undefined,
  digest: string,
): ManifestSummary {
  const parsed = parseManifest(bytes, contentType);
  const raw = JSON.parse(bytes.toString('utf8')) as Json;
  const layers = (raw.layers as Json[] | undefined) ?? [];
  const accessoryType = parsed.subject ? accessoryTypeOf(parsed.artifactType, layers) : undefined;
  if (parsed.isIndex) {
    const entries = (raw.manifests as Json[]) ?? [];
    return {
      parsed,
      type: 'IMAGE',
      mediaType: parsed.mediaType,
      artifactType: parsed.artifactType ?? parsed.mediaType,
      size: bytes.length,
      blobDigests: [digest, ...parsed.manifests.map((m) => m.digest.value)],
      children: parsed.manifests.map((m, i) => ({
        digest: m.digest.value,
        platform: entries[i]?.platform ? JSON.stringify(entries[i]?.platform) : null,
        urls: m.urls ? JSON.stringify(m.urls) : null,
        annotations: m.annotations ?? null,
      })),
      ...(accessoryType ? { accessoryType } : {}),
    };
  }
  const config = raw.config as Json;
  const configMediaType = String(config.mediaType ?? MediaType.OCI_EMPTY);
  return {
    parsed,
    type: CONFIG_TYPES[configMediaType] ?? 'UNKNOWN',
    mediaType: configMediaType,
    artifactType: parsed.artifactType ?? configMediaType,
    size: bytes.length + Number(config.size ?? 0) + layers.reduce((sum, l) => sum + Number(l.size ?? 0), 0),
    blobDigests: [digest, ...parsed.blobs.map((b) => b.digest.value)],
    children: [],
    ...(accessoryType ? { accessoryType } : {}),
  };
}

/** Harbor's extra_attrs for images: a few fields of the image config, the rest is not repeated. */
export function imageExtraAttrs(config: Json | undefined): Json {
  if (!config) return {};
  const { architecture, os, author, created } = config;
  return { architecture, author, config: config.config ?? {}, created, os };
}
