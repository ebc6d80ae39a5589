import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '@harbor-ts/config';
import { parse } from 'yaml';
import { writeOutputs, type OutputFile } from '../output.js';
import {
  createAuthority,
  issueServerCertificate,
  SERVER_DAYS,
  type Authority,
} from './issue-certificates.js';
import { trustInstructions } from './trust-instructions.js';

// The template's placeholders: certificates cannot go there.
const PLACEHOLDER_PATHS = new Set(['/your/certificate/path', '/your/private/key/path']);

interface HttpsTarget {
  hostname: string;
  /** Other names clients use (external_url's host), also put in subjectAltName. */
  otherHosts: string[];
  port: number;
  certificate: string;
  privateKey: string;
}

/**
 * `./prepare --gen-certs`: a CA next to https.certificate (kept and reused when it exists, so clients
 * that trust it keep working) and a server certificate for hostname, written where harbor.yml points.
 * Reads only the keys it needs: the full validation would refuse the missing certificate files.
 */
export async function generateCertificates(conf: string, force: boolean): Promise<string> {
  const target = readHttpsTarget(conf);
  if (!force && (existsSync(target.certificate) || existsSync(target.privateKey))) {
    throw new ConfigError(
      conf,
      'https.certificate',
      `${target.certificate} already exists; add --force to replace it`,
    );
  }
  const caCertificate = join(dirname(target.certificate), 'ca.crt');
  const caKey = join(dirname(target.certificate), 'ca.key');
  const files: OutputFile[] = [];
  let authority: Authority;
  if (existsSync(caCertificate) && existsSync(caKey)) {
    authority = {
      certificatePem: readFileSync(caCertificate, 'utf8'),
      privateKeyPem: readFileSync(caKey, 'utf8'),
    };
  } else {
    authority = await createAuthority(`harbor-ts CA for ${target.hostname}`);
    files.push(
      { path: caCertificate, content: authority.certificatePem, mode: 0o644 },
      { path: caKey, content: authority.privateKeyPem, mode: 0o600 },
    );
  }
  const server = await issueServerCertificate(authority, [target.hostname, ...target.otherHosts]);
  // nginx serves the chain: the server certificate, then the CA.
  files.push(
    {
      path: target.certificate,
      content: `${server.certificatePem}\n${authority.certificatePem}`,
      mode: 0o644,
    },
    { path: target.privateKey, content: server.privateKeyPem, mode: 0o600 },
  );
  writeOutputs(
    files.map((file) => ({
      ...file,
      content: file.content.endsWith('\n') ? file.content : `${file.content}\n`,
    })),
  );

  const made = files.map((file) => `  ${file.path}`).join('\n');
  const reused = files.length === 2 ? `Reused the CA in ${caCertificate}.\n` : '';
  return `Wrote (server certificate valid ${SERVER_DAYS} days, for ${[target.hostname, ...target.otherHosts].join(', ')}):\n${made}\n${reused}\n${trustInstructions({ ...target, caCertificate })}`;
}

function readHttpsTarget(conf: string): HttpsTarget {
  let yml: Record<string, unknown>;
  try {
    yml = (parse(readFileSync(conf, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(conf, '', `cannot read: ${(error as Error).message.split('\n')[0]}`);
  }
  const hostname = yml.hostname;
  if (typeof hostname !== 'string' || !hostname || hostname === 'reg.mydomain.com') {
    throw new ConfigError(
      conf,
      'hostname',
      'set the host name or IP clients use first; the certificate is issued for it',
    );
  }
  const https = yml.https as Record<string, unknown> | null | undefined;
  if (!https || typeof https !== 'object') {
    throw new ConfigError(
      conf,
      'https',
      'add an https block (port, certificate, private_key) to say where the files go',
    );
  }
  const pathOf = (key: 'certificate' | 'private_key') => {
    const value = https[key];
    if (typeof value !== 'string' || !value.startsWith('/') || PLACEHOLDER_PATHS.has(value)) {
      throw new ConfigError(conf, `https.${key}`, 'must be the absolute path the file should be written to');
    }
    return value;
  };
  const port = typeof https.port === 'number' ? https.port : 443;
  const externalHost = typeof yml.external_url === 'string' ? hostOf(yml.external_url) : undefined;
  return {
    hostname,
    otherHosts: externalHost && externalHost !== hostname ? [externalHost] : [],
    port,
    certificate: pathOf('certificate'),
    privateKey: pathOf('private_key'),
  };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
