import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  COSIGN_LAYER,
  COSIGN_SIGNATURE_ANNOTATION,
  cosignLayers,
  cosignSignatureTag,
  cosignSignatureVerifies,
  isCosignSignatureTag,
  isSigningClient,
  NOT_SIGNED_BY_COSIGN,
  NOT_SIGNED_BY_NOTATION,
  parseCosignPublicKeys,
  policyEnabled,
  signatureRefusal,
} from './signature-verdict.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const signed = { signedByCosign: true, signedByNotation: true };
const unsigned = { signedByCosign: false, signedByNotation: false };

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: ReturnType<typeof p256>['publicKey']) =>
  key.export({ type: 'spki', format: 'pem' }).toString();
const payloadFor = (digest: string) =>
  Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': 'harbor.test/p/app' },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );

describe('signature policies verdict', () => {
  it('is off unless a flag is on', () => {
    expect(policyEnabled({ cosign: false, notation: false })).toBe(false);
    expect(policyEnabled({ cosign: true, notation: false })).toBe(true);
    expect(policyEnabled({ cosign: false, notation: true })).toBe(true);
    expect(signatureRefusal({ cosign: false, notation: false }, unsigned)).toBeUndefined();
  });

  it('refuses with Harbor’s messages, cosign judged first', () => {
    const both = { cosign: true, notation: true };
    expect(signatureRefusal(both, unsigned)).toBe('The image is not signed by cosign.');
    expect(signatureRefusal(both, { signedByCosign: true, signedByNotation: false })).toBe(
      NOT_SIGNED_BY_NOTATION,
    );
    expect(signatureRefusal(both, { signedByCosign: false, signedByNotation: true })).toBe(
      NOT_SIGNED_BY_COSIGN,
    );
    expect(signatureRefusal(both, signed)).toBeUndefined();
    expect(NOT_SIGNED_BY_NOTATION).toBe('The image is not signed by notation.');
  });

  it('asks only for the kind the project requires', () => {
    expect(
      signatureRefusal({ cosign: true, notation: false }, { signedByCosign: true, signedByNotation: false }),
    ).toBeUndefined();
    expect(
      signatureRefusal({ cosign: false, notation: true }, { signedByCosign: true, signedByNotation: false }),
    ).toBe(NOT_SIGNED_BY_NOTATION);
  });

  it('recognises the signing clients by User-Agent, as Harbor does', () => {
    expect(isSigningClient('cosign/v2.2.0 (linux; amd64)')).toBe(true);
    expect(isSigningClient('notation/v1.1.0')).toBe(true);
    expect(isSigningClient('docker/24.0.7 go/go1.20.10')).toBe(false);
    expect(isSigningClient(undefined)).toBe(false);
  });

  it('names cosign’s signature tag', () => {
    expect(cosignSignatureTag(DIGEST)).toBe(`sha256-${'ab'.repeat(32)}.sig`);
    expect(cosignSignatureTag('sha512:abc')).toBeUndefined();
    expect(isCosignSignatureTag(cosignSignatureTag(DIGEST)!)).toBe(true);
    expect(isCosignSignatureTag(`sha256-${'ab'.repeat(32)}.att`)).toBe(false);
    expect(isCosignSignatureTag('latest')).toBe(false);
  });

  it('reads the simple signing layers of a manifest', () => {
    const manifest = {
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:1', size: 1 },
        {
          mediaType: COSIGN_LAYER,
          digest: 'sha256:2',
          size: 250,
          annotations: { [COSIGN_SIGNATURE_ANNOTATION]: 'MEUC' },
        },
      ],
    };
    expect(cosignLayers(manifest)).toEqual([{ digest: 'sha256:2', size: 250, signature: 'MEUC' }]);
    expect(cosignLayers({ manifests: [] })).toEqual([]);
    expect(cosignLayers(null)).toEqual([]);
  });

  it('accepts only a JSON array of P-256 PEM keys', () => {
    const { publicKey } = p256();
    const keys = parseCosignPublicKeys(JSON.stringify([pem(publicKey)]));
    expect(Array.isArray(keys) && keys.length).toBe(1);
    expect(parseCosignPublicKeys('not json')).toBe('must be a JSON array of PEM public keys');
    expect(parseCosignPublicKeys('{"a":1}')).toBe('must be a JSON array of PEM public keys');
    expect(parseCosignPublicKeys('["nope"]')).toBe('key 0: not a PEM public key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(parseCosignPublicKeys(JSON.stringify([pem(publicKey), pem(rsa)]))).toBe(
      'key 1: not an ECDSA P-256 public key',
    );
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    expect(parseCosignPublicKeys(JSON.stringify([pem(p384)]))).toBe('key 0: not an ECDSA P-256 public key');
  });

  it('verifies a cosign signature over the payload that names the digest', () => {
    const signer = p256();
    const other = p256();
    const payload = payloadFor(DIGEST);
    const signature = createSign('SHA256').update(payload).sign(signer.privateKey).toString('base64');
    const keys = parseCosignPublicKeys(JSON.stringify([pem(signer.publicKey)]));
    const otherKeys = parseCosignPublicKeys(JSON.stringify([pem(other.publicKey)]));
    if (typeof keys === 'string' || typeof otherKeys === 'string') throw new Error('keys');
    expect(cosignSignatureVerifies(payload, signature, keys, DIGEST)).toBe(true);
    expect(cosignSignatureVerifies(payload, signature, [...otherKeys, ...keys], DIGEST)).toBe(true);
    expect(cosignSignatureVerifies(payload, signature, otherKeys, DIGEST)).toBe(false);
    // Another artifact's payload, a tampered payload, no or garbage signature: nothing verifies.
    expect(cosignSignatureVerifies(payload, signature, keys, `sha256:${'cd'.repeat(32)}`)).toBe(false);
    const tampered = Buffer.from(payload.toString().replace('harbor.test', 'evil.test'));
    expect(cosignSignatureVerifies(tampered, signature, keys, DIGEST)).toBe(false);
    expect(cosignSignatureVerifies(payload, undefined, keys, DIGEST)).toBe(false);
    expect(cosignSignatureVerifies(payload, 'bm9wZQ==', keys, DIGEST)).toBe(false);
    expect(cosignSignatureVerifies(Buffer.from('not json'), signature, keys, DIGEST)).toBe(false);
  });
});
