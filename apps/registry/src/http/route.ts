import type { DigestError} from '@harbor-ts/oci';
import { isValidRepositoryName, isValidTag, isValidUploadId, parseDigest, type Digest } from '@harbor-ts/oci';
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

// Longest suffix first: "<name>/blobs/uploads/" must not be read as blob "uploads" of "<name>".
const PATTERNS: [RegExp, (name: string, arg: string) => Route][] = [
  [/^(.+)\/blobs\/uploads\/?$/, (name) => ({ kind: 'uploads', name })],
  [/^(.+)\/blobs\/uploads\/([^/]+)$/, (name, id) => ({ kind: 'upload', name, id: checkUploadId(id) })],
  [/^(.+)\/blobs\/([^/]+)$/, (name, digest) => ({ kind: 'blob', name, digest: checkDigest(digest) })],
  [/^(.+)\/manifests\/([^/]+)$/, (name, ref) => ({ kind: 'manifest', name, reference: checkReference(ref) })],
  [/^(.+)\/referrers\/([^/]+)$/, (name, digest) => ({ kind: 'referrers', name, digest: checkDigest(digest) })],
  [/^(.+)\/tags\/list$/, (name) => ({ kind: 'tags', name })],
];

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
  if (!isValidTag(reference)) throw new OciError(OciErrorCode.MANIFEST_INVALID, 'invalid tag', { detail: { tag: reference } });
  return { tag: reference };
}

/**
 * Parses the raw (still percent-encoded) request path. Nothing the grammar allows needs escaping, so
 * any `%` is refused outright: `%2e%2e` never gets the chance to become `..` further down.
 */
export function parseRoute(rawUrl: string, method = 'GET'): Route | undefined {
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  if (path === '/v2/' || path === '/v2') return { kind: 'ping' };
  if (!path.startsWith('/v2/')) return undefined;
  const rest = path.slice(4);
  if (rest === '_catalog') return { kind: 'catalog' };
  if (rest.includes('%')) throw nameInvalid('percent-encoded characters are not allowed in registry paths');
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(rest);
    if (!match) continue;
    const name = match[1] ?? '';
    if (!isValidRepositoryName(name)) throw nameInvalid(`invalid repository name "${name.slice(0, 300)}"`);
    try {
      return build(name, match[2] ?? '');
    } catch (error) {
      // A tag that cannot exist is simply unknown to a read (as distribution and the conformance
      // suite expect); a write or delete with it is a bad request. Either way no disk access.
      const read = method === 'GET' || method === 'HEAD';
      if (read && error instanceof OciError && error.code === OciErrorCode.MANIFEST_INVALID) throw manifestUnknown(match[2] ?? '');
      throw error;
    }
  }
  return undefined;
}
