import { createHash, type Hash } from 'node:crypto';

/** Algorithms this registry stores, with the length of their lowercase hex encoding. */
const ALGORITHMS = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof ALGORITHMS;

/** The spec's general digest grammar; an unknown algorithm is well formed but unsupported. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export interface Digest {
  algorithm: DigestAlgorithm;
  hex: string;
  /** `<algorithm>:<hex>`, the canonical string form. */
  value: string;
}

export class DigestError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
    this.name = 'DigestError';
  }
}

/** Parses `<algorithm>:<hex>`; throws DigestError for anything malformed or not sha256/sha512. */
export function parseDigest(text: string): Digest {
  if (text.length > 200 || !DIGEST.test(text)) throw new DigestError(`invalid digest "${text.slice(0, 200)}"`);
  const colon = text.indexOf(':');
  const algorithm = text.slice(0, colon);
  const hex = text.slice(colon + 1);
  if (!(algorithm in ALGORITHMS)) throw new DigestError(`unsupported digest algorithm "${algorithm}"`, true);
  const length = ALGORITHMS[algorithm as DigestAlgorithm];
  if (hex.length !== length || !/^[0-9a-f]+$/.test(hex)) throw new DigestError(`invalid ${algorithm} digest "${text}"`);
  return { algorithm: algorithm as DigestAlgorithm, hex, value: text };
}

export function tryParseDigest(text: string): Digest | undefined {
  try {
    return parseDigest(text);
  } catch {
    return undefined;
  }
}

export function isSupportedAlgorithm(algorithm: string): algorithm is DigestAlgorithm {
  return algorithm in ALGORITHMS;
}

export function createDigester(algorithm: DigestAlgorithm = 'sha256'): Hash {
  return createHash(algorithm);
}

export function digestOf(data: Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/** True when `data` hashes to `expected` with the algorithm `expected` names. */
export function verifyDigest(data: Uint8Array, expected: Digest): boolean {
  return digestOf(data, expected.algorithm) === expected.value;
}
