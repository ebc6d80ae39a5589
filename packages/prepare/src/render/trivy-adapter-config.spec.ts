import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHarborYml } from '@harbor-ts/config';
import { describe, expect, it } from 'vitest';
import { buildLayout } from '../layout.js';
import { writeOutputs } from '../output.js';
import { loadOrCreateSecrets, type Secrets } from '../secrets.js';
import { renderCoreConfig, renderTrivyAdapterConfig } from './service-configs.js';

const BASE = `hostname: harbor.test
http:
  port: 80
harbor_admin_password: Harbor12345
database:
  password: root123
data_volume: /data
`;
const TRIVY = `trivy:
  ignore_unfixed: true
  skip_update: true
  skip_java_db_update: true
  offline_scan: true
  security_check: vuln,secret
  insecure: true
  timeout: 10m0s
  github_token: ghp_0123456789abcdef
`;
const API_KEY = 'a'.repeat(32);
const SECRETS: Secrets = {
  coreSecret: 'c'.repeat(16),
  jobserviceSecret: 'j'.repeat(16),
  registryPassword: 'registry-password',
  secretKey: 'k'.repeat(16),
  tokenPrivateKeyPem: '',
  tokenCertificatePem: '',
  trivyApiKey: API_KEY,
};

function nativeLayout(extra: string) {
  const yml = parseHarborYml(BASE + extra, '/etc/harbor/harbor.yml');
  return buildLayout(yml, '/etc/harbor/harbor.yml', 'native', true, 9111);
}

describe("the scanner adapter's configuration", () => {
  it("carries harbor.yml's trivy keys for the trivy CLI engine", () => {
    const layout = nativeLayout(TRIVY);
    const adapter = renderTrivyAdapterConfig(layout, layout.trivyListen!, API_KEY);
    expect(adapter.scan).toMatchObject({ ignoreUnfixed: true, insecure: true, timeoutMs: 600_000 });
    expect(adapter.trivy).toEqual({
      skipDbUpdate: true,
      skipJavaDbUpdate: true,
      offlineScan: true,
      scanners: 'vuln,secret',
      githubToken: 'ghp_0123456789abcdef',
    });
  });

  it("uses Harbor's defaults when harbor.yml says nothing", () => {
    const layout = nativeLayout('');
    expect(renderTrivyAdapterConfig(layout, layout.trivyListen!).trivy).toEqual({
      skipDbUpdate: false,
      skipJavaDbUpdate: false,
      offlineScan: false,
      scanners: 'vuln',
    });
  });

  it('gives the adapter an API key and core the same key to register it with', () => {
    const layout = nativeLayout('');
    expect(renderTrivyAdapterConfig(layout, layout.trivyListen!, API_KEY).apiKey).toBe(API_KEY);
    expect(renderCoreConfig(layout, SECRETS).trivy).toEqual({
      url: 'http://127.0.0.1:9111',
      apiKey: API_KEY,
    });
  });

  it('generates the key once, as a 0600 secret file, and keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prepare-secrets-'));
    try {
      const first = await loadOrCreateSecrets(dir);
      expect(first.secrets.trivyApiKey).toMatch(/^[A-Za-z0-9]{32}$/);
      writeOutputs(first.files);
      const file = join(dir, 'trivy-adapter', 'api_key');
      expect(readFileSync(file, 'utf8').trim()).toBe(first.secrets.trivyApiKey);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const again = await loadOrCreateSecrets(dir);
      expect(again.secrets.trivyApiKey).toBe(first.secrets.trivyApiKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
