/**
 * Harbor's signature policies on pull (project `enable_content_trust_cosign` and `enable_content_trust`,
 * the latter meaning notation since Harbor 2.9), as pure functions so the rules can be read and tested
 * apart from the queries that feed them. Also the checks of the optional cosign public keys.
 */
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';

/** Harbor's accessory types (src/pkg/accessory/model). */
export const COSIGN_SIGNATURE = 'signature.cosign';
export const NOTATION_SIGNATURE = 'signature.notation';

/** The layer of a cosign signature manifest: the simple signing payload that was signed. */
export const COSIGN_LAYER = 'application/vnd.dev.cosign.simplesigning.v1+json';
/** The layer annotation holding the base64 signature over that payload. */
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';

/** Harbor's 412 messages (src/server/middleware/contenttrust/contentrust.go). */
export const NOT_SIGNED_BY_COSIGN = 'The image is not signed by cosign.';
export const NOT_SIGNED_BY_NOTATION = 'The image is not signed by notation.';

/** The project metadata key of the optional cosign public keys (a harbor-ts addition). */
export const COSIGN_PUBLIC_KEYS = 'cosign_public_keys';

export interface SignaturePolicy {
  cosign: boolean;
  notation: boolean;
}

export interface SignatureFacts {
  /** The requested artifact has a cosign signature (verified against the keys, when there are keys). */
  signedByCosign: boolean;
  /** The requested artifact has a notation signature. */
  signedByNotation: boolean;
}

/** Whether either policy is on: when neither is, a pull costs nothing more than the cached flags. */
export function policyEnabled(policy: SignaturePolicy): boolean {
  return policy.cosign || policy.notation;
}

/** Harbor's 412 message for a pull the policies refuse (cosign judged first), or undefined. */
export function signatureRefusal(policy: SignaturePolicy, facts: SignatureFacts): string | undefined {
  if (policy.cosign && !facts.signedByCosign) return NOT_SIGNED_BY_COSIGN;
  if (policy.notation && !facts.signedByNotation) return NOT_SIGNED_BY_NOTATION;
  return undefined;
}

/**
 * Harbor lets cosign and notation fetch the manifest they are about to sign: a bearer-token caller that
 * may push in the project and whose User-Agent names one of the two tools.
 */
export function isSigningClient(userAgent: string | undefined): boolean {
  return !!userAgent && (userAgent.includes('cosign') || userAgent.includes('notation'));
}

const COSIGN_TAG = /^sha256-[a-f0-9]{64}\.sig$/;

/** The tag cosign gives (without OCI 1.1 referrers) to the signatures of a sha256 digest. */
export function cosignSignatureTag(digest: string): string | undefined {
  return /^sha256:[a-f0-9]{64}$/.test(digest) ? `sha256-${digest.slice(7)}.sig` : undefined;
}

export function isCosignSignatureTag(tag: string): boolean {
  return COSIGN_TAG.test(tag);
}

/** A simple signing layer of a cosign signature manifest. */
export interface CosignLayer {
  digest: string;
  size: number;
  signature: string | undefined;
}

/** The simple signing layers of a manifest (an empty list for anything that is not a cosign signature). */
export function cosignLayers(manifest: unknown): CosignLayer[] {
  const layers = (manifest as { layers?: unknown } | null)?.layers;
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((layer: unknown) => {
    const l = layer as { mediaType?: unknown; digest?: unknown; size?: unknown; annotations?: unknown };
    if (l?.mediaType !== COSIGN_LAYER || typeof l.digest !== 'string') return [];
    const annotations = (l.annotations ?? {}) as Record<string, unknown>;
    const signature = annotations[COSIGN_SIGNATURE_ANNOTATION];
    return [
      {
        digest: l.digest,
        size: typeof l.size === 'number' ? l.size : 0,
        signature: typeof signature === 'string' ? signature : undefined,
      },
    ];
  });
}

/** A PEM public key as a P-256 key object, or the reason it is not one. */
export function parseCosignPublicKey(pem: string): KeyObject | string {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return 'not a PEM public key';
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    return 'not an ECDSA P-256 public key';
  return key;
}

/**
 * The `cosign_public_keys` metadata value: a JSON array of PEM public keys (ECDSA P-256). Returns the
 * keys, or the 400 message for a value that is not that.
 */
export function parseCosignPublicKeys(value: string): KeyObject[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'must be a JSON array of PEM public keys';
  }
  if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'string'))
    return 'must be a JSON array of PEM public keys';
  const keys: KeyObject[] = [];
  for (const [index, pem] of (parsed as string[]).entries()) {
    const key = parseCosignPublicKey(pem);
    if (typeof key === 'string') return `key ${index}: ${key}`;
    keys.push(key);
  }
  return keys;
}

/**
 * Whether a cosign simple signing payload is signed by one of the keys (ECDSA over SHA-256, the DER
 * signature base64 in the layer annotation) and names the artifact: `critical.image.docker-manifest-digest`.
 */
export function cosignSignatureVerifies(
  payload: Buffer,
  signature: string | undefined,
  keys: KeyObject[],
  artifactDigest: string,
): boolean {
  if (!signature) return false;
  let named: unknown;
  try {
    named = (JSON.parse(payload.toString('utf8')) as { critical?: { image?: Record<string, unknown> } })
      .critical?.image?.['docker-manifest-digest'];
  } catch {
    return false;
  }
  if (named !== artifactDigest) return false;
  const bytes = Buffer.from(signature, 'base64');
  return keys.some((key) => {
    try {
      return createVerify('SHA256').update(payload).verify(key, bytes);
    } catch {
      return false;
    }
  });
}
