import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCertificates } from './gen-certs.js';

describe('./prepare --gen-certs', () => {
  let dir: string;
  const conf = () => join(dir, 'harbor.yml');
  const writeConf = (hostname: string, extra = '') =>
    writeFileSync(
      conf(),
      `hostname: ${hostname}\nhttp:\n  port: 80\nhttps:\n  port: 8443\n  certificate: ${dir}/tls/server.crt\n  private_key: ${dir}/tls/server.key\n${extra}`,
    );
  const chain = () => readFileSync(join(dir, 'tls/server.crt'), 'utf8');
  const server = () => new X509Certificate(chain());
  const ca = () => new X509Certificate(readFileSync(join(dir, 'tls/ca.crt')));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gen-certs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a CA and a server certificate for a DNS name and the external_url host, signed by the CA', async () => {
    writeConf('registry.example.com', 'external_url: https://hub.example.com\n');
    const output = await generateCertificates(conf(), false);
    expect(ca().ca).toBe(true);
    expect(server().ca).toBe(false);
    expect(server().verify(ca().publicKey)).toBe(true);
    expect(server().checkIssued(ca())).toBe(true);
    expect(server().subjectAltName).toBe('DNS:registry.example.com, DNS:hub.example.com');
    expect(server().checkHost('registry.example.com')).toBe('registry.example.com');
    expect(server().keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    expect(server().checkPrivateKey(createPrivateKey(readFileSync(join(dir, 'tls/server.key'))))).toBe(true);
    // The chain nginx serves ends with the CA.
    expect(
      chain()
        .trim()
        .endsWith(readFileSync(join(dir, 'tls/ca.crt'), 'utf8').trim()),
    ).toBe(true);
    expect(statSync(join(dir, 'tls/server.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'tls/ca.key')).mode & 0o777).toBe(0o600);
    expect(output).toContain(
      'sudo cp ' + join(dir, 'tls/ca.crt') + ' /etc/docker/certs.d/registry.example.com:8443/ca.crt',
    );
    expect(output).toContain('/etc/containerd/certs.d/registry.example.com:8443/hosts.toml');
  });

  it('puts an IP address in subjectAltName as an IP', async () => {
    writeConf('192.0.2.10');
    await generateCertificates(conf(), false);
    expect(server().subjectAltName).toBe('IP Address:192.0.2.10');
    expect(server().checkIP('192.0.2.10')).toBe('192.0.2.10');
  });

  it('keeps an existing server certificate unless --force, and reuses the CA clients already trust', async () => {
    writeConf('registry.example.com');
    await generateCertificates(conf(), false);
    const [firstCa, firstServer] = [ca().fingerprint256, server().serialNumber];
    await expect(generateCertificates(conf(), false)).rejects.toThrow(/already exists; add --force/);
    const output = await generateCertificates(conf(), true);
    expect(ca().fingerprint256).toBe(firstCa);
    expect(server().serialNumber).not.toBe(firstServer);
    expect(server().verify(ca().publicKey)).toBe(true);
    expect(output).toContain('Reused the CA');
  });

  it("refuses the template's placeholders and a missing https block", async () => {
    writeConf('reg.mydomain.com');
    await expect(generateCertificates(conf(), false)).rejects.toThrow(/hostname: set the host name/);
    writeFileSync(conf(), 'hostname: a.example.com\nhttp:\n  port: 80\n');
    await expect(generateCertificates(conf(), false)).rejects.toThrow(/https: add an https block/);
    writeFileSync(
      conf(),
      'hostname: a.example.com\nhttps:\n  certificate: /your/certificate/path\n  private_key: /your/private/key/path\n',
    );
    await expect(generateCertificates(conf(), false)).rejects.toThrow(
      /https.certificate: must be the absolute path/,
    );
  });
});
