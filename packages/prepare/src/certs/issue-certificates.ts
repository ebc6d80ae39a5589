// @peculiar/x509 uses tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { isIP } from 'node:net';
import { webcrypto, type webcrypto as WebCrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type Crypto = Parameters<typeof x509.X509CertificateGenerator.create>[1];
const crypto = webcrypto as unknown as Crypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** Browsers refuse server certificates valid for longer than 825 days; the CA lasts ten years. */
export const SERVER_DAYS = 825;
export const CA_DAYS = 3650;

export interface Authority {
  certificatePem: string;
  privateKeyPem: string;
}

export interface IssuedPair {
  certificatePem: string;
  privateKeyPem: string;
}

/** A name or an address (IPv6 with or without brackets), as it goes into subjectAltName. */
export function subjectAltName(host: string): { type: 'ip' | 'dns'; value: string } {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) ? { type: 'ip', value: bare } : { type: 'dns', value: bare };
}

const serialNumber = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1'); // positive, as RFC 5280 asks

const newKeys = () =>
  webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<WebCrypto.CryptoKeyPair>;

async function privateKeyPem(key: WebCrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** A new certificate authority (EC P-256) that signs the server certificates of one instance. */
export async function createAuthority(commonName: string, now = new Date()): Promise<Authority> {
  const keys = await newKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: `CN=${commonName}`,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS),
      keys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certificatePem: certificate.toString('pem'), privateKeyPem: await privateKeyPem(keys.privateKey) };
}

/** A server certificate for `hosts` (the first is the subject's CN), signed by the authority. */
export async function issueServerCertificate(
  authority: Authority,
  hosts: string[],
  now = new Date(),
): Promise<IssuedPair> {
  const caCertificate = new x509.X509Certificate(authority.certificatePem);
  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(authority.privateKeyPem),
    EC,
    false,
    ['sign'],
  );
  const keys = await newKeys();
  const names = [...new Set(hosts)].map(subjectAltName);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: `CN=${names[0]?.value ?? 'harbor-ts'}`,
      issuer: caCertificate.subject,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + SERVER_DAYS * DAY_MS),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(names, false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(caCertificate, false, crypto),
      ],
    },
    crypto,
  );
  return { certificatePem: certificate.toString('pem'), privateKeyPem: await privateKeyPem(keys.privateKey) };
}
