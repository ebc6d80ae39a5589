import {
  isValidTag,
  isValidUploadId,
  parseDigest,
  parseDistributionPath,
  type Digest,
  type DigestError,
  type DistributionEndpoint,
} from '@harbor-ts/oci';
import { OciErrorCode } from '@harbor-ts/errors';
import { digestInvalid, manifestUnknown, nameInvalid, OciError, uploadUnknown } from './oci-error.js';

/** A manifest is addressed by tag or by digest. */
export type Reference = { tag: string; digest?: undefined } | { digest: Digest; tag?: undefined };

export type Route =
  | { kind: 'ping' }
  | { kind: 'catalog' }
  | { kind: 'tags'; name: string }
  | { kind: 'manifest'; name: string; reference: Reference }
  | { kind: 'blob'; name: string; digest: Digest }
  | { kind: 'uploads'; name: string }
  | { kind: 'upload'; name: string; id: string }
  | { kind: 'referrers'; name: string; digest: Digest };

const BUILD: Record<DistributionEndpoint, (name: string, arg: string) => Route> = {
  uploads: (name) => ({ kind: 'uploads', name }),
  upload: (name, id) => ({ kind: 'upload', name, id: checkUploadId(id) }),
  blob: (name, digest) => ({ kind: 'blob', name, digest: checkDigest(digest) }),
  manifest: (name, ref) => ({ kind: 'manifest', name, reference: checkReference(ref) }),
  referrers: (name, digest) => ({ kind: 'referrers', name, digest: checkDigest(digest) }),
  tags: (name) => ({ kind: 'tags', name }),
};

export function checkDigest(text: string): Digest {
  try {
    return parseDigest(text);
  } catch (error) {
    throw digestInvalid((error as DigestError).message);
  }
}

function checkUploadId(id: string): string {
  if (!isValidUploadId(id)) throw uploadUnknown();
  return id;
}

function checkReference(reference: string): Reference {
  if (reference.includes(':')) return { digest: checkDigest(reference) };
  if (!isValidTag(reference))
    throw new OciError(OciErrorCode.MANIFEST_INVALID, 'invalid tag', { detail: { tag: reference } });
  return { tag: reference };
}

/** Parses the raw (still percent-encoded) request path by the shared grammar, then checks its argument. */
export function parseRoute(rawUrl: string, method = 'GET'): Route | undefined {
  const path = parseDistributionPath(rawUrl);
  if (!path || path.kind === 'ping' || path.kind === 'catalog') return path;
  if (path.kind === 'invalid') {
    throw nameInvalid(
      path.reason === 'escaped'
        ? 'percent-encoded characters are not allowed in registry paths'
        : `invalid repository name "${path.name.slice(0, 300)}"`,
    );
  }
  try {
    return BUILD[path.endpoint](path.name, path.argument);
  } catch (error) {
    // A tag that cannot exist is simply unknown to a read (as distribution and the conformance
    // suite expect); a write or delete with it is a bad request. Either way no disk access.
    const read = method === 'GET' || method === 'HEAD';
    if (read && error instanceof OciError && error.code === OciErrorCode.MANIFEST_INVALID)
      throw manifestUnknown(path.argument);
    throw error;
  }
}
