import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapter, type AdapterProcess } from './support/adapter-process.js';
import { FAKE_TRIVY_SCRIPT, TRIVY_JSON_REPORT } from './fixtures/trivy-cli.js';

const REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const SCAN_REQUEST = 'application/vnd.scanner.adapter.scan.request+json; version=1.0';
const ROBOT = 'robot$library+scan-1f2e';
const ROBOT_SECRET = 'Scan-Secret-9x8y7z';
const GITHUB_TOKEN = 'ghp_testtoken0123456789';
const DIGEST = 'sha256:0d1c6a3c1b5a2a4e1e0a8d1f3c6b2d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c';

// Trivy cannot be installed here: these tests run the adapter against a test-only `trivy` script.
describe('the trivy CLI engine (against a test-only trivy executable)', () => {
  let dir: string;
  let fakeDir: string;
  let adapter: AdapterProcess;

  const scan = async () => {
    const accepted = await fetch(`${adapter.url}/api/v1/scan`, {
      method: 'POST',
      headers: { 'content-type': SCAN_REQUEST },
      body: JSON.stringify({
        registry: {
          url: 'http://127.0.0.1:25080',
          authorization: `Basic ${Buffer.from(`${ROBOT}:${ROBOT_SECRET}`).toString('base64')}`,
        },
        artifact: {
          repository: 'library/debian',
          digest: DIGEST,
          mime_type: 'application/vnd.oci.image.manifest.v1+json',
        },
        enabled_capabilities: [{ type: 'vulnerability', produces_mime_types: [REPORT] }],
      }),
    });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    for (let polls = 0; polls < 200; polls++) {
      const answer = await fetch(`${adapter.url}/api/v1/scan/${id}/report`, {
        headers: { accept: REPORT },
        redirect: 'manual',
      });
      if (answer.status !== 302) return answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the report never came');
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fake-trivy-'));
    const bin = join(dir, 'bin');
    fakeDir = join(dir, 'calls');
    mkdirSync(bin);
    mkdirSync(fakeDir);
    writeFileSync(join(bin, 'trivy'), FAKE_TRIVY_SCRIPT);
    chmodSync(join(bin, 'trivy'), 0o755);
    writeFileSync(join(fakeDir, 'report.json'), JSON.stringify(TRIVY_JSON_REPORT));
    adapter = await startAdapter({
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_TRIVY_DIR: fakeDir },
      ignoreUnfixed: true,
      timeoutMs: 120_000,
      trivy: {
        skipDbUpdate: true,
        skipJavaDbUpdate: true,
        offlineScan: true,
        scanners: 'vuln',
        githubToken: GITHUB_TOKEN,
      },
    });
  });
  afterAll(async () => {
    await adapter?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names Trivy and the version the CLI reports in its metadata', async () => {
    const metadata = (await (await fetch(`${adapter.url}/api/v1/metadata`)).json()) as {
      scanner: unknown;
      properties: Record<string, string>;
    };
    expect(metadata.scanner).toEqual({ name: 'Trivy', vendor: 'Aqua Security', version: '0.58.1' });
    expect(metadata.properties['harbor.scanner-adapter/engine']).toBe('trivy-cli');
  });

  it("runs trivy as Harbor's adapter does, credentials in the environment only, and reports its findings", async () => {
    const answer = await scan();
    expect(answer.status).toBe(200);
    const argv = readFileSync(join(fakeDir, 'argv'), 'utf8').trimEnd().split('\n');
    expect(argv).toEqual([
      'image',
      '--no-progress',
      '--quiet',
      '--severity',
      'UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL',
      '--vuln-type',
      'os,library',
      '--format',
      'json',
      '--cache-dir',
      join(adapter.dataDir, 'trivy'),
      '--timeout',
      '120s',
      '--scanners',
      'vuln',
      '--ignore-unfixed',
      '--skip-db-update',
      '--skip-java-db-update',
      '--offline-scan',
      '--insecure',
      `127.0.0.1:25080/library/debian@${DIGEST}`,
    ]);
    const commandLine = argv.join(' ');
    for (const secret of [ROBOT_SECRET, GITHUB_TOKEN, 'Basic ']) expect(commandLine).not.toContain(secret);
    const env = readFileSync(join(fakeDir, 'env'), 'utf8').split('\n');
    expect(env).toContain(`TRIVY_USERNAME=${ROBOT}`);
    expect(env).toContain(`TRIVY_PASSWORD=${ROBOT_SECRET}`);
    expect(env).toContain(`GITHUB_TOKEN=${GITHUB_TOKEN}`);

    const report = (await answer.json()) as {
      scanner: unknown;
      severity: string;
      artifact: { repository: string; digest: string };
      vulnerabilities: Record<string, unknown>[];
    };
    expect(report.scanner).toEqual({ name: 'Trivy', vendor: 'Aqua Security', version: '0.58.1' });
    expect(report.artifact).toMatchObject({ repository: 'library/debian', digest: DIGEST });
    expect(report.severity).toBe('High');
    expect(
      report.vulnerabilities.map((v) => [v.id, v.package, v.version, v.fix_version, v.severity]),
    ).toEqual([
      ['CVE-2023-5678', 'libssl3', '3.0.11-1~deb12u2', '3.0.13-1~deb12u1', 'Medium'],
      ['CVE-2011-3374', 'apt', '2.6.1', '', 'Low'],
      [
        'CVE-2022-24999',
        'qs',
        '6.5.2',
        '6.10.3, 6.9.7, 6.8.3, 6.7.3, 6.6.1, 6.5.3, 6.4.1, 6.3.3, 6.2.4',
        'High',
      ],
    ]);
    expect(report.vulnerabilities[0]).toMatchObject({
      links: ['https://avd.aquasec.com/nvd/cve-2023-5678'],
      preferred_cvss: { score_v3: 5.3, vector_v3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' },
      cwe_ids: ['CWE-606', 'CWE-754'],
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.4',
      layer: { diff_id: 'sha256:7292cf786aa89399bb4a3dd0da9640f9f0b4d4f3a8c7d8d1b9b0d6a1f6d2c001' },
    });
    expect(report.vulnerabilities[1]).not.toHaveProperty('preferred_cvss');
  });

  it("fails the scan with trivy's standard error when it exits non-zero", async () => {
    writeFileSync(
      join(fakeDir, 'fail'),
      'FATAL\trun error: image scan error: unable to initialize a scanner: DB error: --skip-db-update cannot be specified on the first run\n',
    );
    try {
      const answer = await scan();
      expect(answer.status).toBe(500);
      const body = (await answer.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/^trivy exited with code 1: /);
      expect(body.error.message).toContain('--skip-db-update cannot be specified on the first run');
    } finally {
      rmSync(join(fakeDir, 'fail'));
    }
  });
});

describe('without a trivy executable', () => {
  it('scans with the built-in engine and names it', async () => {
    const adapter = await startAdapter({ env: { PATH: '/usr/bin:/bin' } });
    try {
      const metadata = (await (await fetch(`${adapter.url}/api/v1/metadata`)).json()) as {
        scanner: { name: string };
        properties: Record<string, string>;
      };
      expect(metadata.scanner.name).toBe('harbor-ts scanner');
      expect(metadata.properties['harbor.scanner-adapter/engine']).toBe('built-in');
    } finally {
      await adapter.stop();
    }
  });
});
