import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHarborYml } from '@harbor-ts/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildLayout, type Mode } from './layout.js';
import { renderAll } from './render/index.js';
import { loadOrCreateSecrets, type Secrets } from './secrets.js';

// Our own files in the shape of Harbor 2.15's harbor.yml (see the fixtures' headers).
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8');
const AS_SHIPPED = fixture('harbor-2.15-as-shipped.yml');
const EVERY_BLOCK = fixture('harbor-2.15-every-block.yml');
const OPTIONAL_BLOCKS = [
  'ip_family',
  'internal_tls',
  'external_url',
  'storage_service',
  'external_database',
  'redis',
  'external_redis',
  'uaa',
  'metric',
  'trace',
  'core',
] as const;
const MODES = ['docker', 'native'] as const;

/** Uncomments a top-level block the way Harbor's template tells users to: drop one `# ` per line. */
function uncomment(source: string, block: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`# ${block}:`));
  expect(start, `block ${block} in the fixture`).toBeGreaterThan(0);
  lines[start] = lines[start]!.slice(2);
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^# {2,}/.test(line)) lines[i] = line.slice(2);
    else break;
  }
  return lines.join('\n');
}

/** Uncomments the optional `*_db_index` lines of the redis blocks (`  # harbor_db_index: 6`). */
const withDbIndexes = (source: string) => source.replace(/^ {2}# (\w+_db_index: \d+)$/gm, '  $1');

describe("Harbor 2.15's harbor.yml", () => {
  let dir: string;
  let secrets: Secrets;
  let asUserEdits: (source: string) => string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prepare-2.15-'));
    for (const name of ['server.crt', 'server.key']) writeFileSync(join(dir, name), 'pem');
    secrets = (await loadOrCreateSecrets(join(dir, 'secret'))).secrets;
    // What every user edits in the template: the host name and the certificate paths.
    asUserEdits = (source) =>
      source
        .replace('hostname: reg.mydomain.com', 'hostname: harbor.example.com')
        .replace('/your/certificate/path', join(dir, 'server.crt'))
        .replace('/your/private/key/path', join(dir, 'server.key'))
        .replaceAll('__DIR__', dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What ./prepare does before writing: load, lay out and render every file. */
  const prepare = (source: string, mode: Mode) => {
    const yml = parseHarborYml(asUserEdits(source), '/etc/harbor/harbor.yml');
    const layout = buildLayout(yml, '/etc/harbor/harbor.yml', mode, mode === 'docker');
    const files = renderAll(layout, secrets, mode === 'docker');
    return { yml, layout, files };
  };
  const composeOf = (files: { path: string; content: string | Buffer }[]) =>
    parse(String(files.find((f) => f.path.endsWith('docker-compose.yml'))?.content));
  const errorOf = (source: string) => {
    try {
      prepare(source, 'docker');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('prepare accepted the file');
  };

  it.each(MODES)('is accepted as it ships (%s mode)', (mode) => {
    const { yml, files } = prepare(AS_SHIPPED, mode);
    expect(yml._version).toBe('2.15.0');
    expect(yml.trivy.db_repository).toBe('ghcr.io/aquasecurity/trivy-db');
    expect(yml.trivy.java_db_repository).toBe('ghcr.io/aquasecurity/trivy-java-db');
    expect(yml.proxy?.components).toEqual(['core', 'jobservice', 'registry', 'trivy']);
    expect(files.length).toBeGreaterThan(5);
  });

  it("runs harbor-ts's own scanner adapter in compose, configured by its file, not Harbor's env", () => {
    const { files } = prepare(AS_SHIPPED, 'docker');
    const trivy = composeOf(files).services['trivy-adapter'];
    expect(trivy.image).toMatch(/^harbor-ts\/trivy-adapter:/);
    expect(trivy.command).toEqual(['--config', '/etc/harbor/trivy-adapter/config.yml']);
    expect(trivy.environment).toBeUndefined();
    const config = parse(String(files.find((f) => f.path.endsWith('trivy-adapter/config.yml'))?.content));
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(config.dataDir).toBe('/var/lib/trivy-adapter');
  });

  it.each(OPTIONAL_BLOCKS)('is accepted with the %s block uncommented', (block) => {
    const source = uncomment(AS_SHIPPED, block).replace('port: harbor_db_port', 'port: 5433');
    expect(() => prepare(source, 'docker')).not.toThrow();
    expect(() => prepare(source, 'native')).not.toThrow();
  });

  it.each(MODES)('is accepted with every optional block uncommented at once (%s mode)', (mode) => {
    // Uncommented, the external blocks hold placeholders, which users replace with their servers'.
    const everything = withDbIndexes(OPTIONAL_BLOCKS.reduce(uncomment, AS_SHIPPED))
      .replace('host: redis:6379', 'host: cache.example.com:6380')
      .replace('port: harbor_db_port', 'port: 5433')
      .replace(/harbor_db_(host|name|username|password)/g, 'pg-$1');
    const { yml, layout } = prepare(everything, mode);
    expect(yml.external_redis).toMatchObject({ host: 'cache.example.com:6380', idle_timeout_seconds: 30 });
    expect(yml.external_redis?.tlsOptions).toEqual({ enable: false });
    expect(yml.core?.quota_update_provider).toBe('redis');
    expect(yml.metric).toEqual({ enabled: false, port: 9090, path: '/metrics' });
    expect(layout.postgres()).toMatchObject({
      host: 'pg-host',
      port: 5433,
      database: 'pg-name',
      user: 'pg-username',
    });
    // Both redis blocks given: Redis is external, so its indexes are the ones used.
    expect(layout.redis('registry')).toMatchObject({ host: 'cache.example.com', port: 6380, db: 1 });
  });

  it.each(MODES)('is accepted with every key of every block set (%s mode)', (mode) => {
    const { yml, layout } = prepare(EVERY_BLOCK, mode);
    expect(yml.jobservice.job_loggers).toEqual(['STD_OUTPUT', 'FILE', 'DB']);
    expect(yml.log.external_endpoint).toEqual({ protocol: 'udp', host: 'syslog.example.com', port: 514 });
    expect(yml.trace?.otel).toMatchObject({ endpoint: 'otel.example.com:4318', timeout: 15 });
    expect(yml.metric).toEqual({ enabled: true, port: 9191, path: '/prometheus' });
    // The keys harbor-ts acts on reach the services.
    expect(layout.storageRoot).toBe(mode === 'docker' ? '/storage' : '/srv/registry/images');
    expect(layout.postgres()).toMatchObject({
      host: 'pg.example.com',
      port: 5433,
      sslMode: 'require',
      maxOpenConns: 40,
    });
    expect(layout.redis('core')).toMatchObject({
      host: 'cache.example.com',
      port: 6380,
      username: 'registry-acl',
      password: 'redis-secret',
      db: 6,
    });
    expect([layout.redis('registry').db, layout.redis('jobservice').db]).toEqual([3, 4]);
  });

  it('accepts the redis block uncommented with no index set (an empty block)', () => {
    const { yml, layout } = prepare(uncomment(AS_SHIPPED, 'redis'), 'docker');
    expect(yml.redis).toBeNull();
    expect([layout.redis('core').db, layout.redis('registry').db, layout.redis('jobservice').db]).toEqual([
      0, 1, 2,
    ]);
  });

  it.each(MODES)('uses the redis block db indexes on the private redis (%s mode)', (mode) => {
    const source = withDbIndexes(uncomment(AS_SHIPPED, 'redis'))
      .replace(/^ {2}registry_db_index: 1$/m, '  registry_db_index: 3')
      .replace(/^ {2}jobservice_db_index: 2$/m, '  jobservice_db_index: 4')
      .replace(/^ {2}trivy_db_index: 5$/m, '  trivy_db_index: 8');
    const { layout } = prepare(source, mode);
    expect(layout.privateRedis).toBe(true);
    expect([layout.redis('core').db, layout.redis('registry').db, layout.redis('jobservice').db]).toEqual([
      6, 3, 4,
    ]);
  });

  it.each([
    ['java_db_repository:', 'java_db_repo:', 'trivy.java_db_repo', 'trivy.java_db_repository'],
    ['hostname:', 'hostnme:', 'hostnme', 'hostname'],
    ['upload_purging:', 'upload_purgin:', 'upload_purgin', 'upload_purging'],
    [
      '  max_job_workers:',
      '  max_jobs_workers:',
      'jobservice.max_jobs_workers',
      'jobservice.max_job_workers',
    ],
    ['    rotate_count:', '    rotate_cuont:', 'log.local.rotate_cuont', 'log.local.rotate_count'],
  ])('refuses a typo (%s → %s), naming it and suggesting the key', (key, typo, named, suggested) => {
    const message = errorOf(AS_SHIPPED.replace(key, typo));
    expect(message).toContain(`${named}: unknown key`);
    expect(message).toContain(`did you mean ${suggested}?`);
  });

  it('suggests the key inside the uncommented external_redis block', () => {
    const source = uncomment(AS_SHIPPED, 'external_redis').replace('    enable: false', '    enabel: false');
    expect(errorOf(source)).toContain(
      'external_redis.tlsOptions.enabel: unknown key (not a harbor.yml setting); did you mean external_redis.tlsOptions.enable?',
    );
  });

  it('suggests nothing for a key that resembles no setting', () => {
    const message = errorOf(`${AS_SHIPPED}\ncolour_scheme: dark\n`);
    expect(message).toContain('colour_scheme: unknown key');
    expect(message).not.toContain('did you mean');
  });

  it('refuses a Redis Sentinel master set rather than treating a sentinel as Redis', () => {
    const source = uncomment(AS_SHIPPED, 'external_redis').replace(
      '  # sentinel_master_set:',
      '  sentinel_master_set: mymaster',
    );
    expect(errorOf(source)).toContain(
      'external_redis.sentinel_master_set: Redis Sentinel is not supported yet',
    );
  });

  it('refuses TLS to Redis rather than connecting in plain text', () => {
    const source = uncomment(AS_SHIPPED, 'external_redis').replace('    enable: false', '    enable: true');
    expect(errorOf(source)).toContain('external_redis.tlsOptions.enable: TLS to Redis is not supported yet');
  });
});
