import { isIndexMediaType, isNonDistributable, MANIFEST_MEDIA_TYPES, MediaType } from './media-types.js';
import { parseDigest, type Digest, type DigestError } from './digest.js';

export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  urls?: string[];
}

/** What the registry needs to know about a pushed manifest; the bytes themselves are kept as sent. */
export interface ParsedManifest {
  mediaType: string;
  isIndex: boolean;
  /** Blobs that must already be in the repository (config and distributable layers). */
  blobs: Descriptor[];
  /** Manifests an index points at; they must already be in the repository. */
  manifests: Descriptor[];
  subject?: Descriptor;
  /** `artifactType`, or the config media type of an image manifest, as the referrers API reports it. */
  artifactType?: string;
  annotations?: Record<string, string>;
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function stringMap(value: unknown, where: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new ManifestError(`${where}: annotations must map strings to strings`);
  }
  return value as Record<string, string>;
}

export function parseDescriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw new ManifestError(`${where}: descriptor must be an object`);
  const { mediaType, digest, size, artifactType, urls } = value;
  if (typeof mediaType !== 'string' || mediaType.length === 0) throw new ManifestError(`${where}: mediaType missing`);
  if (typeof digest !== 'string') throw new ManifestError(`${where}: digest missing`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new ManifestError(`${where}: invalid size`);
  if (artifactType !== undefined && typeof artifactType !== 'string') throw new ManifestError(`${where}: invalid artifactType`);
  if (urls !== undefined && (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string'))) {
    throw new ManifestError(`${where}: invalid urls`);
  }
  let parsed: Digest;
  try {
    parsed = parseDigest(digest);
  } catch (error) {
    throw new ManifestError(`${where}: ${(error as DigestError).message}`);
  }
  return {
    mediaType,
    digest: parsed,
    size,
    ...(artifactType === undefined ? {} : { artifactType }),
    ...(urls === undefined ? {} : { urls: urls as string[] }),
    ...(value.annotations === undefined ? {} : { annotations: stringMap(value.annotations, where) }),
  };
}

/** The media type a manifest declares, or infers from its shape when the optional field is absent. */
function resolveMediaType(body: Json, contentType: string | undefined): string {
  const declared = body.mediaType;
  if (declared !== undefined && typeof declared !== 'string') throw new ManifestError('mediaType must be a string');
  if (declared !== undefined && contentType !== undefined && declared !== contentType) {
    throw new ManifestError(`mediaType "${declared}" does not match Content-Type "${contentType}"`);
  }
  const mediaType = declared ?? contentType ?? (Array.isArray(body.manifests) ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST);
  if (!MANIFEST_MEDIA_TYPES.includes(mediaType)) throw new ManifestError(`unsupported manifest media type "${mediaType}"`);
  return mediaType;
}

/**
 * Validates a manifest's JSON against its media type. `contentType` is the request's Content-Type
 * (without parameters) when pushing; undefined when reading stored bytes back.
 */
export function parseManifest(bytes: Uint8Array, contentType?: string): ParsedManifest {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new ManifestError('manifest is not valid JSON');
  }
  if (!isObject(body)) throw new ManifestError('manifest must be a JSON object');
  if (body.schemaVersion !== 2) throw new ManifestError('only schemaVersion 2 manifests are supported');
  const mediaType = resolveMediaType(body, contentType);
  const isIndex = isIndexMediaType(mediaType);
  const subject = body.subject === undefined ? undefined : parseDescriptor(body.subject, 'subject');
  const annotations = stringMap(body.annotations, 'manifest');
  if (body.artifactType !== undefined && typeof body.artifactType !== 'string') throw new ManifestError('invalid artifactType');
  let artifactType = body.artifactType as string | undefined;
  const result = { mediaType, isIndex, blobs: [] as Descriptor[], manifests: [] as Descriptor[] };
  if (isIndex) {
    if (!Array.isArray(body.manifests)) throw new ManifestError('an index needs a manifests array');
    result.manifests = body.manifests.map((m, i) => parseDescriptor(m, `manifests[${i}]`));
  } else {
    const config = parseDescriptor(body.config, 'config');
    if (!Array.isArray(body.layers)) throw new ManifestError('an image manifest needs a layers array');
    const layers = body.layers.map((l, i) => parseDescriptor(l, `layers[${i}]`));
    // Foreign layers live at their URLs, so the registry does not hold them.
    result.blobs = [config, ...layers.filter((l) => !(isNonDistributable(l.mediaType) && l.urls?.length))];
    artifactType ??= config.mediaType;
  }
  return {
    ...result,
    ...(subject ? { subject } : {}),
    ...(artifactType ? { artifactType } : {}),
    ...(annotations ? { annotations } : {}),
  };
}
