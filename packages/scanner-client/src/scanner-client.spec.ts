import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesOf, metadataProblem, type ScannerAdapterMetadata } from './metadata.js';
import { ScannerMimeTypes } from './mime-types.js';
import { ScannerClient, ScannerError, type ScannerEndpoint } from './scanner-client.js';

const METADATA: ScannerAdapterMetadata = {
  scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.50.0' },
  capabilities: [
    {
      type: 'vulnerability',
      consumes_mime_types: [ScannerMimeTypes.ociManifest, ScannerMimeTypes.dockerManifest],
      produces_mime_types: [ScannerMimeTypes.genericVulnerabilityReport],
    },
  ],
  properties: { 'harbor.scanner-adapter/registry-authorization-type': 'Bearer' },
};

describe('metadata checks (Harbor rules)', () => {
  it('accepts a complete scanner and names its capabilities', () => {
    expect(metadataProblem(METADATA)).toBeUndefined();
    expect(capabilitiesOf(METADATA)).toEqual({ support_vulnerability: true });
  });

  it('refuses a scanner without name, capabilities, docker manifests or a report type Harbor reads', () => {
    expect(metadataProblem({ ...METADATA, scanner: { name: 'x' } })).toBe('invalid scanner in metadata');
    expect(metadataProblem({ ...METADATA, capabilities: [] })).toBe('invalid capabilities in metadata');
    const noDocker = [{ consumes_mime_types: [ScannerMimeTypes.ociManifest], produces_mime_types: [] }];
    expect(metadataProblem({ ...METADATA, capabilities: noDocker })).toMatch(/consumes_mime_types/);
    const rawOnly = [
      {
        consumes_mime_types: [ScannerMimeTypes.dockerManifest],
        produces_mime_types: ['application/vnd.scanner.adapter.vuln.report.raw'],
      },
    ];
    expect(metadataProblem({ ...METADATA, capabilities: rawOnly })).toMatch(/produces_mime_types/);
  });

  it('accepts an SBOM capability, as Harbor 2.11 does', () => {
    const withSbom = [
      ...METADATA.capabilities,
      {
        type: 'sbom',
        consumes_mime_types: [ScannerMimeTypes.dockerManifest],
        produces_mime_types: [ScannerMimeTypes.sbomReport],
      },
    ];
    expect(metadataProblem({ ...METADATA, capabilities: withSbom })).toBeUndefined();
    expect(capabilitiesOf({ ...METADATA, capabilities: withSbom })).toEqual({
      support_vulnerability: true,
      support_sbom: true,
    });
  });

  it('takes an old scanner without capability types for a vulnerability scanner', () => {
    const old = { ...METADATA, capabilities: [{ ...METADATA.capabilities[0]!, type: undefined }] };
    expect(capabilitiesOf(old)).toEqual({ support_vulnerability: true, support_sbom: false });
  });
});

describe('ScannerClient against an HTTP adapter', () => {
  let server: Server;
  let base: string;
  let seen: IncomingMessage[] = [];
  let answer: (path: string) => { status: number; body: string; headers?: Record<string, string> };

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      const { status, body, headers } = answer(req.url ?? '');
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = (endpoint: Partial<ScannerEndpoint> = {}) =>
    new ScannerClient({ url: `${base}/`, auth: '', credential: '', skipCertVerify: false, ...endpoint });

  it('reads the metadata with the scanner API media type and each auth type', async () => {
    answer = () => ({ status: 200, body: JSON.stringify(METADATA) });
    const cases: [ScannerEndpoint['auth'], string, string][] = [
      ['Basic', 'authorization', `Basic ${Buffer.from('u:p').toString('base64')}`],
      ['Bearer', 'authorization', 'Bearer u:p'],
      ['APIKey', 'x-scanneradapter-api-key', 'u:p'],
    ];
    for (const [auth, header, value] of cases) {
      seen = [];
      const c = client({ auth, credential: 'u:p' });
      expect(await c.getMetadata()).toMatchObject({ scanner: METADATA.scanner });
      await c.close();
      expect(seen[0]!.url).toBe('/api/v1/metadata');
      expect(seen[0]!.headers.accept).toBe(ScannerMimeTypes.adapterMetadata);
      expect(seen[0]!.headers[header]).toBe(value);
    }
  });

  it('says what went wrong: an error status, a redirect, invalid metadata, nobody listening', async () => {
    answer = () => ({ status: 500, body: '{"error":{"message":"db missing"}}' });
    await expect(client().getMetadata()).rejects.toThrow(/answered 500: .*db missing/);
    answer = () => ({ status: 302, body: '', headers: { location: 'http://169.254.169.254/' } });
    await expect(client().getMetadata()).rejects.toThrow(/answered 302/);
    answer = () => ({ status: 200, body: JSON.stringify({ ...METADATA, capabilities: [] }) });
    await expect(client().getMetadata()).rejects.toThrow(/invalid capabilities in metadata/);
    answer = () => ({ status: 200, body: 'not json' });
    await expect(client().getMetadata()).rejects.toThrow(/invalid metadata/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(client({ url: `http://127.0.0.1:${port}` }).getMetadata()).rejects.toThrow(
      /failed to reach the scanner .*ECONNREFUSED/,
    );
  });

  it('never calls a metadata-service address', async () => {
    seen = [];
    const call = client({ url: 'http://169.254.169.254' }).getMetadata();
    await expect(call).rejects.toBeInstanceOf(ScannerError);
    await expect(call).rejects.toThrow(/not an allowed address/);
  });
});
