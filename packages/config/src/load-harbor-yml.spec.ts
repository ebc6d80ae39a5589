import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseHarborYml } from './load-harbor-yml.js';

// A Harbor 2.11 harbor.yml as users have it, with the optional blocks uncommented.
const HARBOR_2_YML = `
hostname: harbor.example.com
http:
  port: 80
external_url: https://harbor.example.com:8433
harbor_admin_password: Harbor12345
database:
  password: root123
  max_idle_conns: 100
  max_open_conns: 900
  conn_max_lifetime: 5m
  conn_max_idle_time: 0
data_volume: /data
storage_service:
  ca_bundle:
  filesystem:
    maxthreads: 100
  redirect:
    disable: false
trivy:
  ignore_unfixed: false
  skip_update: false
  skip_java_db_update: false
  offline_scan: false
  security_check: vuln
  insecure: false
  timeout: 5m0s
jobservice:
  max_job_workers: 10
  job_loggers:
    - STD_OUTPUT
    - FILE
  logger_sweeper_duration: 1
notification:
  webhook_job_max_retry: 3
  webhook_job_http_client_timeout: 3
log:
  level: info
  local:
    rotate_count: 50
    rotate_size: 200M
    location: /var/log/harbor
_version: 2.11.0
external_database:
  harbor:
    host: db.internal
    port: 5432
    db_name: registry
    username: harbor
    password: secret
    ssl_mode: disable
    max_idle_conns: 2
    max_open_conns: 0
external_redis:
  host: redis.internal:6379
  password:
  registry_db_index: 1
  jobservice_db_index: 2
  trivy_db_index: 5
  idle_timeout_seconds: 30
internal_tls:
  enabled: false
  dir: /etc/harbor/tls/internal
metric:
  enabled: true
  port: 9090
  path: /metrics
trace:
  enabled: false
  sample_rate: 1
  jaeger:
    endpoint: http://hostname:14268/api/traces
proxy:
  http_proxy:
  https_proxy:
  no_proxy:
  components:
    - core
    - jobservice
    - trivy
upload_purging:
  enabled: true
  age: 168h
  interval: 24h
  dryrun: false
cache:
  enabled: false
  expire_hours: 24
`;

function errorOf(source: string): ConfigError {
  try {
    parseHarborYml(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('harbor.yml loader', () => {
  it("accepts a real Harbor 2.x harbor.yml with its optional blocks and applies Harbor's defaults", () => {
    const config = parseHarborYml(HARBOR_2_YML);
    expect(config.hostname).toBe('harbor.example.com');
    expect(config.external_database?.harbor.db_name).toBe('registry');
    expect(config.external_redis?.harbor_db_index).toBe(0);
    expect(config.metric).toEqual({ enabled: true, port: 9090, path: '/metrics' });
    expect(config._version).toBe('2.11.0');
    expect(config.database.conn_max_idle_time).toBe('0');
  });

  it('fills defaults for a minimal file', () => {
    const config = parseHarborYml('hostname: 127.0.0.1\nhttp:\n  port: 8480\nharbor_admin_password: x\ndatabase:\n  password: y\n');
    expect(config.data_volume).toBe('/data');
    expect(config.jobservice.max_job_workers).toBe(10);
    expect(config.log.local.location).toBe('/var/log/harbor');
    expect(config.upload_purging).toEqual({ enabled: true, age: '168h', interval: '24h', dryrun: false });
  });

  it('names an unknown key and its line', () => {
    const error = errorOf(HARBOR_2_YML.replace('  max_job_workers: 10', '  max_job_workers: 10\n  max_workers: 3'));
    expect(error.key).toBe('jobservice.max_workers');
    expect(error.message).toContain('unknown key');
    expect(error.line).toBe(HARBOR_2_YML.split('\n').findIndex((l) => l.startsWith('  max_job_workers')) + 2);
  });

  it('names a wrongly typed key and its line', () => {
    const error = errorOf(HARBOR_2_YML.replace('  port: 80', '  port: eighty'));
    expect(error.key).toBe('http.port');
    expect(error.line).toBe(4);
  });

  it('requires hostname', () => {
    const error = errorOf(HARBOR_2_YML.replace('hostname: harbor.example.com\n', ''));
    expect(error.key).toBe('hostname');
    expect(error.message).toContain('required');
  });

  it("refuses the template's placeholder hostname", () => {
    expect(errorOf(HARBOR_2_YML.replace('harbor.example.com\n', 'reg.mydomain.com\n')).key).toBe('hostname');
  });

  it('names the missing https certificate file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbor-yml-'));
    const key = join(dir, 'key.pem');
    writeFileSync(key, 'key');
    const source = HARBOR_2_YML.replace(
      'http:\n  port: 80\n',
      `http:\n  port: 80\nhttps:\n  port: 443\n  certificate: ${join(dir, 'missing.crt')}\n  private_key: ${key}\n`,
    );
    const error = errorOf(source);
    expect(error.key).toBe('https.certificate');
    expect(error.line).toBe(7);
    expect(error.message).toContain('missing.crt');
  });

  it('reports YAML syntax errors with their line', () => {
    const error = errorOf('hostname: a\nhttp:\n  port: [80\n');
    expect(error.message).toContain('invalid YAML');
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects a relative data_volume', () => {
    expect(errorOf(HARBOR_2_YML.replace('data_volume: /data', 'data_volume: data')).key).toBe('data_volume');
  });
});
