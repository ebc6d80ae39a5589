import { parseHarborYml } from '@harbor-ts/config';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../args.js';
import { buildLayout, type Mode } from '../layout.js';
import { renderInstanceEnv } from './instance-env.js';
import { renderNginxConf } from './nginx-conf.js';
import { externalUrl, renderJobserviceConfig, renderTrivyAdapterConfig } from './service-configs.js';

const BASE = `hostname: harbor.test
http:
  port: 80
harbor_admin_password: Harbor12345
database:
  password: root123
data_volume: /data
`;

function fromSource(source: string, mode: Mode = 'native') {
  return buildLayout(parseHarborYml(source, '/etc/harbor/harbor.yml'), '/etc/harbor/harbor.yml', mode, false);
}

function layout(extra = '', mode: Mode = 'native') {
  return fromSource(BASE + extra, mode);
}

describe('externalUrl', () => {
  it('omits the default port', () => {
    expect(externalUrl(layout())).toBe('http://harbor.test');
  });
  it('keeps another port', () => {
    expect(externalUrl(fromSource(BASE.replace('port: 80', 'port: 8080')))).toBe('http://harbor.test:8080');
  });
  it('prefers external_url, without a trailing slash', () => {
    expect(externalUrl(layout('external_url: https://proxy.test:8443/\n'))).toBe('https://proxy.test:8443');
  });
});

describe("jobservice's internal core URL (where the bundled scanner pulls)", () => {
  const secrets = {
    coreSecret: 'core-secret-0123456789',
    jobserviceSecret: 'jobservice-secret-0123',
    secretKey: '0123456789abcdef',
    registryPassword: 'registry-password',
    tokenPrivateKeyPem: '',
    tokenCertificatePem: '',
  };
  it('is core on the compose network in docker mode, as Harbor gives scanners http://core:8080', () => {
    expect(renderJobserviceConfig(layout('', 'docker'), secrets).internalCoreUrl).toBe('http://core:8080');
  });
  it('is the external URL natively, where core listens on a Unix socket', () => {
    expect(renderJobserviceConfig(layout(), secrets).internalCoreUrl).toBe('http://harbor.test');
  });
});

describe('external_redis', () => {
  it('splits host:port and keeps Harbor db indexes', () => {
    const l = layout('external_redis:\n  host: cache.test:6380\n  password: pw\n  registry_db_index: 7\n');
    expect(l.redis('core')).toEqual({
      host: 'cache.test',
      port: 6380,
      password: 'pw',
      db: 0,
      keyPrefix: 'harbor:',
    });
    expect(l.redis('registry').db).toBe(7);
    expect(l.redis('jobservice').db).toBe(2);
  });
  it('defaults the port to 6379', () => {
    expect(layout('external_redis:\n  host: cache.test\n').redis('core').port).toBe(6379);
  });
});

const SECRET = 'gatekeeper-secret-0123';

describe('nginx.conf', () => {
  it('proves its auth_request subrequests to core with the shared secret', () => {
    expect(renderNginxConf(layout(), SECRET)).toContain(
      `proxy_set_header X-Harbor-Gatekeeper-Secret "${SECRET}";`,
    );
  });

  it('offers core to relay proxy-cache misses from internal locations only, checking upstream certificates', () => {
    const conf = renderNginxConf(layout(), SECRET);
    // The secret, not a flag: core answers with an upstream's credentials only to nginx.
    expect(conf).toContain(`proxy_set_header X-Harbor-Upstream-Relay "${SECRET}";`);
    const relays = conf.split('location ~ ^/_upstream_blob/').slice(1);
    expect(relays.map((block) => block.split('/')[0])).toEqual(['http', 'https', 'https-insecure']);
    for (const block of relays) {
      expect(block).toMatch(/^[^}]*\binternal;/);
      expect(block).toContain('proxy_pass_request_headers off;');
      expect(block).toContain('= @upstream_blob_by_core;');
    }
    expect(relays[1]).toContain('proxy_ssl_verify on;');
    expect(relays[1]).toContain('proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;');
  });

  it('proxies to the core socket in native mode and to the portal container in docker mode', () => {
    expect(renderNginxConf(layout(), SECRET)).toContain('server unix:/data/run/core.sock;');
    const docker = renderNginxConf(layout('', 'docker'), SECRET);
    expect(docker).toContain('server core:8080;');
    expect(docker).toContain('proxy_pass http://portal;');
    expect(docker).toContain('listen 8080;');
  });
  it('listens on IPv6 too when asked', () => {
    expect(renderNginxConf(layout('ip_family:\n  ipv6:\n    enabled: true\n'), SECRET)).toContain(
      'listen [::]:80;',
    );
  });
});

describe('instance.env', () => {
  it('single-quotes values for bash', () => {
    expect(renderInstanceEnv(layout())).toContain(`DATA_VOLUME='/data'`);
  });
});

describe('docker layout', () => {
  it('uses compose service names and container paths', () => {
    const l = layout('', 'docker');
    expect(l.endpoint('registry')).toEqual({ url: 'http://registry:5000' });
    expect(l.postgres()).toMatchObject({ host: 'postgresql', port: 5432, password: 'root123' });
    expect(l.log('core').file).toBe('/var/log/harbor/core.log');
  });
});

describe('parseArgs', () => {
  it('resolves --conf against the current directory and defaults to ./harbor.yml', () => {
    const none = { genCerts: false, force: false };
    expect(parseArgs([], '/srv')).toEqual({
      conf: '/srv/harbor.yml',
      native: false,
      withTrivy: false,
      ...none,
    });
    expect(parseArgs(['--conf', 'a/h.yml', '--native', '--with-trivy'], '/srv')).toEqual({
      conf: '/srv/a/h.yml',
      native: true,
      withTrivy: true,
      ...none,
    });
  });
  it('takes --gen-certs, with --force only beside it', () => {
    expect(parseArgs(['--gen-certs', '--force'], '/srv')).toMatchObject({ genCerts: true, force: true });
    expect(() => parseArgs(['--force'])).toThrow(/--force only goes with --gen-certs/);
  });
  it('rejects unknown options', () => {
    expect(() => parseArgs(['--nope'])).toThrow(UsageError);
  });
});

describe('--native --with-trivy', () => {
  const yml = parseHarborYml(
    `${BASE}trivy:\n  ignore_unfixed: true\n  timeout: 2m0s\n`,
    '/etc/harbor/harbor.yml',
  );
  const native = buildLayout(yml, '/etc/harbor/harbor.yml', 'native', true, 9111);

  it('runs harbor-ts’s adapter on the chosen loopback port, before core, with harbor.yml’s trivy keys', () => {
    expect(native.trivy).toEqual({ url: 'http://127.0.0.1:9111' });
    const adapter = renderTrivyAdapterConfig(native, native.trivyListen!);
    expect(adapter).toMatchObject({
      listen: { host: '127.0.0.1', port: 9111 },
      dataDir: '/data/trivy-adapter',
      scan: { ignoreUnfixed: true, timeoutMs: 120_000 },
    });
    expect(renderInstanceEnv(native)).toContain(
      `SERVICES='registry registryctl trivy-adapter core jobservice'`,
    );
  });

  it('adds nothing without the flag', () => {
    const plain = buildLayout(yml, '/etc/harbor/harbor.yml', 'native', false, 9111);
    expect(plain.trivy).toBeUndefined();
    expect(renderInstanceEnv(plain)).toContain(`SERVICES='registry registryctl core jobservice'`);
  });
});
