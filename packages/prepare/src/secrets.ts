// @peculiar/x509 uses tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { createPrivateKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { OutputFile } from './output.js';
import { randomAlphanumeric } from './random.js';

/**
 * Everything secret an instance needs. Generated once under <data_volume>/secret and reused on every
 * later run: regenerating would log every user out (token key), break stored credentials (secret key)
 * and desynchronise services started from older configs.
 */
export interface Secrets {
  coreSecret: string;
  jobserviceSecret: string;
  registryPassword: string;
  /** 16 characters, like Harbor's secret/keys/secretkey. */
  secretKey: string;
  tokenPrivateKeyPem: string;
  tokenCertificatePem: string;
  /** The bundled scanner adapter's API key: core registers it as the scanner's `Bearer` credential. */
  trivyApiKey?: string;
}

export const SECRET_FILES = {
  secretKey: 'keys/secretkey',
  coreSecret: 'core/secret',
  jobserviceSecret: 'jobservice/secret',
  registryPassword: 'registry/password',
  tokenPrivateKeyPem: 'core/private_key.pem',
  tokenCertificatePem: 'registry/root.crt',
  trivyApiKey: 'trivy-adapter/api_key',
} as const satisfies Record<keyof Secrets, string>;

const RANDOM_LENGTH = {
  secretKey: 16,
  coreSecret: 32,
  jobserviceSecret: 32,
  registryPassword: 32,
  trivyApiKey: 32,
} as const;

/** Reads the existing secrets; fills the missing ones in memory and lists the files to write for them. */
export async function loadOrCreateSecrets(
  secretDir: string,
): Promise<{ secrets: Secrets; files: OutputFile[] }> {
  const files: OutputFile[] = [];
  const read = (key: keyof Secrets): string | undefined => {
    const path = join(secretDir, SECRET_FILES[key]);
    return existsSync(path) ? readFileSync(path, 'utf8').trim() || undefined : undefined;
  };
  const remember = (key: keyof Secrets, value: string) => {
    files.push({
      path: join(secretDir, SECRET_FILES[key]),
      content: `${value}\n`,
      mode: 0o600,
      dirMode: 0o700,
    });
    return value;
  };
  const random = (key: keyof typeof RANDOM_LENGTH) =>
    read(key) ?? remember(key, randomAlphanumeric(RANDOM_LENGTH[key]));

  const secretKey = random('secretKey');
  if (secretKey.length !== 16)
    throw new Error(`${join(secretDir, SECRET_FILES.secretKey)} must hold exactly 16 characters`);
  let privateKey = read('tokenPrivateKeyPem');
  let certificate = read('tokenCertificatePem');
  if (!privateKey) {
    privateKey = remember('tokenPrivateKeyPem', generateTokenKey());
    certificate = undefined; // a new key needs a new certificate
  }
  certificate ??= remember('tokenCertificatePem', await selfSignedCertificate(privateKey));
  return {
    secrets: {
      secretKey,
      coreSecret: random('coreSecret'),
      jobserviceSecret: random('jobserviceSecret'),
      registryPassword: random('registryPassword'),
      tokenPrivateKeyPem: privateKey,
      tokenCertificatePem: certificate,
      trivyApiKey: random('trivyApiKey'),
    },
    files,
  };
}

/**
 * The token signing key: ECDSA P-256 (ES256). Harbor uses RSA 4096, whose signature costs 3–7 ms of CPU
 * per docker token; an ES256 signature costs about 0.05 ms and docker never looks inside its token. An
 * RSA key already in the secret dir (an upgrade from Harbor, or an older harbor-ts) is kept and still works.
 */
function generateTokenKey(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
}

/** The certificate the registry side uses to verify tokens signed with the key (Harbor's root.crt). */
async function selfSignedCertificate(privateKeyPem: string): Promise<string> {
  const der = Buffer.from(privateKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const rsa = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).asymmetricKeyType === 'rsa';
  const importAlgorithm = rsa
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256' };
  const algorithm = rsa ? importAlgorithm : { name: 'ECDSA', hash: 'SHA-256' };
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, importAlgorithm, true, ['sign']);
  const jwk = await webcrypto.subtle.exportKey('jwk', privateKey);
  const publicJwk = rsa
    ? { kty: jwk.kty, n: jwk.n, e: jwk.e }
    : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const publicKey = await webcrypto.subtle.importKey('jwk', publicJwk, importAlgorithm, true, ['verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      name: 'CN=harbor-token-issuer',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 10 * 365 * 86_400_000),
      keys: { privateKey, publicKey },
      signingAlgorithm: algorithm,
    },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  return cert.toString('pem').trim();
}
