import { MediaType, parseManifest, type ParsedManifest } from '@harbor-ts/oci';

/** What Harbor stores about an artifact, read from its manifest (and image config). */
export interface ManifestSummary {
  parsed: ParsedManifest;
  /** Harbor's artifact type: IMAGE, CHART, CNAB, WASM, SBOM, CNAI, a vendor config's type or UNKNOWN. */
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

const IMAGE_CONFIGS = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
]);

/** Harbor's artifact processors, by the media type they are registered for. */
const PROCESSOR_TYPES: Record<string, string> = {
  ...Object.fromEntries([...IMAGE_CONFIGS].map((mediaType) => [mediaType, 'IMAGE'])),
  [MediaType.OCI_INDEX]: 'IMAGE',
  [MediaType.DOCKER_MANIFEST_LIST]: 'IMAGE',
  'application/vnd.cncf.helm.config.v1+json': 'CHART',
  'application/vnd.cnab.manifest.v1': 'CNAB',
  'application/vnd.wasm.config.v1+json': 'WASM',
  'application/vnd.goharbor.harbor.sbom.v1': 'SBOM',
  'application/vnd.cncf.model.manifest.v1+json': 'CNAI',
};

/** Harbor's default processor names any other `application/vnd.<vendor>.<type>.config.<version>+json` `<TYPE>`. */
const VENDOR_CONFIG = /^application\/vnd\.[^.]*\.(.*)\.config\.[^.]*\+json$/;

/**
 * Harbor's artifact type, from the artifact's `artifactType` or, without one, its config's media type
 * (Harbor's `ResolveArtifactType`): a processor's type, a vendor config's, or UNKNOWN.
 */
function artifactTypeOf(resolved: string): string {
  return PROCESSOR_TYPES[resolved] ?? VENDOR_CONFIG.exec(resolved)?.[1]?.toUpperCase() ?? 'UNKNOWN';
}

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
  const isImage = fromType !== undefined && IMAGE_CONFIGS.has(fromType);
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
    // As Harbor's index abstractor: the media type is the index's (or what its `org.opencontainers.artifactType`
    // annotation names, as CNAB bundles do), the artifact type only what the index itself says.
    const mediaType = parsed.annotations?.['org.opencontainers.artifactType'] || parsed.mediaType;
    return {
      parsed,
      type: artifactTypeOf(parsed.artifactType || mediaType),
      mediaType,
      artifactType: parsed.artifactType ?? '',
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
    type: artifactTypeOf(parsed.artifactType ?? configMediaType),
    mediaType: configMediaType,
    artifactType: parsed.artifactType ?? configMediaType,
    size: bytes.length + Number(config.size ?? 0) + layers.reduce((sum, l) => sum + Number(l.size ?? 0), 0),
    blobDigests: [digest, ...parsed.blobs.map((b) => b.digest.value)],
    children: [],
    ...(accessoryType ? { accessoryType } : {}),
  };
}

/** The OCI image spec's ImageConfig fields, in the order Go writes them. */
const IMAGE_CONFIG_FIELDS = [
  'User',
  'ExposedPorts',
  'Env',
  'Entrypoint',
  'Cmd',
  'Volumes',
  'WorkingDir',
  'Labels',
  'StopSignal',
  'ArgsEscaped',
] as const;
const SET_FIELDS = new Set(['ExposedPorts', 'Volumes']); // map[string]struct{}: each value is {}

/**
 * The image config's `config` as Harbor re-encodes it through the OCI ImageConfig struct: its fields only (a
 * Docker config's Hostname, Image, OnBuild... are dropped), empty ones left out (`omitempty`), and a map's keys
 * sorted as Go writes them.
 */
function ociImageConfig(value: unknown): Json {
  const config = (value ?? {}) as Json;
  const out: Json = {};
  for (const field of IMAGE_CONFIG_FIELDS) {
    const v = config[field];
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) {
      if (v.length) out[field] = v;
    } else if (typeof v === 'object') {
      const keys = Object.keys(v).sort();
      if (keys.length)
        out[field] = Object.fromEntries(keys.map((k) => [k, SET_FIELDS.has(field) ? {} : (v as Json)[k]]));
    } else out[field] = v;
  }
  return out;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Harbor's extra_attrs for images: a few fields of the image config, the rest is not repeated. As Harbor's
 * manifest processor writes them: missing strings are "", a missing `created` null, and an image without an
 * author names the one its `org.opencontainers.image.authors` or `maintainer` label gives.
 */
export function imageExtraAttrs(config: Json | undefined): Json {
  if (!config) return {};
  const inner = ociImageConfig(config.config);
  const labels = (inner.Labels ?? {}) as Record<string, unknown>;
  const author =
    text(config.author) || text(labels['org.opencontainers.image.authors']) || text(labels.maintainer);
  return {
    architecture: text(config.architecture),
    author,
    config: inner,
    created: config.created ?? null,
    os: text(config.os),
  };
}
