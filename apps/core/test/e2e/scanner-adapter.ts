import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const GENERIC_REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const SBOM_REPORT = 'application/vnd.security.sbom.report+json; version=1.0';
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

interface ScanRequest {
  registry: { url: string; authorization: string };
  artifact: { repository: string; digest: string; mime_type: string };
  enabled_capabilities?: { type: string; parameters?: { sbom_media_types?: string[] } }[];
}

export interface ScanSeen {
  request: ScanRequest;
  /** What the adapter could pull with the credentials it was given. */
  pulled: { manifest: number; config: number; configDigest?: string; probe?: number; error?: string };
}

/**
 * A third-party scanner adapter speaking Harbor's Pluggable Scanner API v1.2, as any Harbor scanner
 * does: it pulls the artifact's manifest and config through the registry with the credentials in the
 * scan request (the docker token flow), answers the first report poll with 302 + Refresh-After, then
 * reports one vulnerability per pulled image. `hold` keeps reports pending (to test stop); `probe`
 * (`repository:tag`) makes it also try another repository with the same credentials. With `sbom`, it
 * also has Harbor 2.11's sbom capability and answers an SBOM request with an SPDX document naming the
 * pulled config.
 */
export async function startScannerAdapter(options: { sbom?: boolean } = {}) {
  const scans = new Map<string, ScanSeen & { polls: number }>();
  const state: { hold: boolean; probe?: string } = { hold: false };
  const server: Server = createServer((req, res) => {
    void handle(req).then(
      ({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error) } }));
      },
    );
  });

  async function handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    if (req.method === 'GET' && req.url === '/api/v1/metadata')
      return {
        status: 200,
        body: {
          scanner: { name: 'TestScanner', vendor: 'harbor-ts tests', version: '0.1' },
          capabilities: [
            {
              type: 'vulnerability',
              consumes_mime_types: MANIFEST_TYPES,
              produces_mime_types: [GENERIC_REPORT],
            },
            ...(options.sbom
              ? [
                  {
                    type: 'sbom',
                    consumes_mime_types: MANIFEST_TYPES,
                    produces_mime_types: [SBOM_REPORT],
                    additional_attributes: { sbom_media_types: ['application/spdx+json'] },
                  },
                ]
              : []),
          ],
          properties: { 'harbor.scanner-adapter/registry-authorization-type': 'Basic' },
        },
      };
    if (req.method === 'POST' && req.url === '/api/v1/scan') {
      const request = JSON.parse(await text(req)) as ScanRequest;
      const id = randomUUID();
      scans.set(id, { request, pulled: await pull(request, state.probe), polls: 0 });
      return { status: 202, body: { id } };
    }
    const report = /^\/api\/v1\/scan\/([^/]+)\/report(?:\?.*)?$/.exec(req.url ?? '');
    const scan = report && scans.get(report[1]!);
    if (req.method === 'GET' && scan) {
      scan.polls += 1;
      if (state.hold || scan.polls === 1) return { status: 302, headers: { 'refresh-after': '1' } };
      if (scan.request.enabled_capabilities?.some((c) => c.type === 'sbom'))
        return sbomReport(scan, req.url!);
      return {
        status: 200,
        body: {
          generated_at: new Date().toISOString(),
          artifact: scan.request.artifact,
          scanner: { name: 'TestScanner', vendor: 'harbor-ts tests', version: '0.1' },
          severity: 'High',
          vulnerabilities: [
            {
              id: 'CVE-2024-0001',
              package: 'openssl',
              version: '3.0.11-1~deb12u2',
              fix_version: '3.0.13-1~deb12u1',
              severity: 'High',
              description: `found in ${scan.pulled.configDigest}`,
              links: ['https://security-tracker.debian.org/tracker/CVE-2024-0001'],
              preferred_cvss: { score_v3: 7.5, vector_v3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
            },
            { id: 'CVE-2024-0002', package: 'zlib', version: '1.2.13', severity: 'Low' },
          ],
        },
      };
    }
    return { status: 404 };
  }

  const listening = new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await listening;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    scans: () => [...scans.values()],
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Harbor's SBOM report of a scan: an SPDX 2.3 document with one package, named after the pulled config. */
function sbomReport(scan: ScanSeen, url: string) {
  const format = new URL(url, 'http://x').searchParams.get('sbom_media_type');
  if (format !== 'application/spdx+json')
    return { status: 400, body: { error: { message: `sbom_media_type ${format}` } } };
  return {
    status: 200,
    body: {
      generated_at: new Date().toISOString(),
      artifact: scan.request.artifact,
      scanner: { name: 'TestScanner', vendor: 'harbor-ts tests', version: '0.1' },
      media_type: 'application/spdx+json',
      sbom: {
        spdxVersion: 'SPDX-2.3',
        SPDXID: 'SPDXRef-DOCUMENT',
        packages: [{ SPDXID: 'SPDXRef-Package-1', name: 'libssl3', versionInfo: scan.pulled.configDigest }],
      },
    },
  };
}

/** A bearer token from the registry's token service for pulling one repository, with the given credentials. */
async function pullToken(
  registry: ScanRequest['registry'],
  repository: string,
): Promise<Record<string, string>> {
  const challenge = (await fetch(`${registry.url}/v2/`)).headers.get('www-authenticate') ?? '';
  const realm = /realm="([^"]+)"/.exec(challenge)?.[1];
  const service = /service="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const tokenUrl = `${realm}?service=${encodeURIComponent(service)}&scope=repository:${repository}:pull`;
  const token = (await (
    await fetch(tokenUrl, { headers: { authorization: registry.authorization } })
  ).json()) as {
    token?: string;
  };
  return { authorization: `Bearer ${token.token}` };
}

/**
 * The docker token flow with the scan request's Basic credentials, then the manifest and config; and,
 * when `probe` names another repository's `name:tag`, what a pull of its manifest answered.
 */
async function pull({ registry, artifact }: ScanRequest, probe?: string): Promise<ScanSeen['pulled']> {
  try {
    const bearer = await pullToken(registry, artifact.repository);
    const manifest = await fetch(`${registry.url}/v2/${artifact.repository}/manifests/${artifact.digest}`, {
      headers: { ...bearer, accept: artifact.mime_type },
    });
    const body = (await manifest.json()) as { config?: { digest: string } };
    const configDigest = body.config?.digest;
    const config = configDigest
      ? await fetch(`${registry.url}/v2/${artifact.repository}/blobs/${configDigest}`, { headers: bearer })
      : undefined;
    const pulled = { manifest: manifest.status, config: config?.status ?? 0, configDigest };
    if (!probe) return pulled;
    const [repository, tag] = probe.split(':') as [string, string];
    const other = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
      headers: { ...(await pullToken(registry, repository)), accept: artifact.mime_type },
    });
    return { ...pulled, probe: other.status };
  } catch (error) {
    return { manifest: 0, config: 0, error: String(error) };
  }
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
