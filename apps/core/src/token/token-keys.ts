import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CoreConfig } from '@harbor-ts/config';
import { LOGGER, SERVICE_CONFIG } from '@harbor-ts/runtime';

/**
 * The key pair registry tokens are signed with: the key prepare generated (its certificate is
 * root.crt), ECDSA P-256 since harbor-ts 2026-12 or an RSA key carried over from Harbor; the JWS
 * algorithm follows the key. A missing key file only happens in development and tests; an ephemeral
 * key keeps core usable there, and tokens then simply stop verifying after a restart.
 */
@Injectable()
export class TokenKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** libtrust key id, the `kid` distribution looks up in its trusted keys. */
  readonly keyId: string;
  /** RS256 for an RSA key, ES256/ES384/ES512 for an EC key on P-256/P-384/P-521. */
  readonly algorithm: TokenAlgorithm;

  constructor(@Inject(SERVICE_CONFIG) config: CoreConfig, @Inject(LOGGER) logger: Logger) {
    const file = config.token.privateKeyFile;
    if (existsSync(file)) {
      this.privateKey = createPrivateKey(readFileSync(file));
    } else {
      logger.warn({ file }, 'token signing key not found; using an ephemeral key');
      this.privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    }
    this.algorithm = tokenAlgorithm(this.privateKey);
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = libtrustKeyId(this.publicKey);
  }
}

export type TokenAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

const EC_ALGORITHMS: Record<string, TokenAlgorithm> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/** The JWS algorithm a signing key calls for; another kind of key is a configuration error. */
export function tokenAlgorithm(key: KeyObject): TokenAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const algorithm = key.asymmetricKeyType === 'ec' && curve ? EC_ALGORITHMS[curve] : undefined;
  if (!algorithm)
    throw new Error(
      `the token signing key must be RSA or EC P-256/P-384/P-521, not ${key.asymmetricKeyType}`,
    );
  return algorithm;
}

/**
 * docker/libtrust's key id: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 without
 * padding, in twelve colon-separated groups of four.
 */
export function libtrustKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const encoded = base32(createHash('sha256').update(der).digest().subarray(0, 30));
  return encoded.match(/.{1,4}/g)?.join(':') ?? encoded;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
