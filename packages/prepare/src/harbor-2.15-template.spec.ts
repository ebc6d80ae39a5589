import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHarborYml } from '@harbor-ts/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildLayout, type Mode } from './layout.js';
import { renderAll } from './render/index.js';
import { loadOrCreateSecrets, type Secrets } from './secrets.js';

const TEMPLATE = readFileSync(join(import.meta.dirname, '../fixtures/harbor-v2.15.yml.tmpl'), 'utf8');
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

/** Uncomments a top-level block of the template the way its comments tell users to: drop one `# `. */
function uncomment(source: string, block: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`# ${block}:`));
  expect(start, `block ${block} in the template`).toBeGreaterThan(0);
  lines[start] = lines[start]!.slice(2);
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^# {2,}/.test(line)) lines[i] = line.slice(2);
    else if (line.trim() !== '') break;
  }
  return lines.join('\n');
}

/** Uncomments the optional `*_db_index` lines of the redis blocks (`#   # harbor_db_index: 6`). */
const withDbIndexes = (source: string) => source.replace(/^ {2}# (\w+_db_index: \d+)$/gm, '  $1');

describe("Harbor 2.15's harbor.yml.tmpl", () => {
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
        .replace('/your/private/key/path', join(dir, 'server.key'));
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

  it.each(['docker', 'native'] as const)('is accepted as it ships (%s mode)', (mode) => {
    const { yml, files } = prepare(TEMPLATE, mode);
    expect(yml._version).toBe('2.15.0');
    expect(yml.trivy.db_repository).toBe('ghcr.io/aquasecurity/trivy-db');
    expect(yml.trivy.java_db_repository).toBe('ghcr.io/aquasecurity/trivy-java-db');
    expect(yml.proxy?.components).toEqual(['core', 'jobservice', 'registry', 'trivy']);
    expect(files.length).toBeGreaterThan(5);
  });

  it('passes the Trivy database repositories to the scanner, as Harbor does', () => {
    const edited = TEMPLATE.replace(
      'db_repository: ghcr.io/aquasecurity/trivy-db',
      'db_repository: mirror.example.com/trivy-db',
    );
    const trivy = composeOf(prepare(edited, 'docker').files).services['trivy-adapter'].environment;
    expect(trivy.SCANNER_TRIVY_DB_REPOSITORY).toBe('mirror.example.com/trivy-db');
    expect(trivy.SCANNER_TRIVY_JAVA_DB_REPOSITORY).toBe('ghcr.io/aquasecurity/trivy-java-db');
  });

  it.each(['docker', 'native'] as const)(
    'is accepted with every optional block uncommented (%s mode)',
    (mode) => {
      // Uncommented, the external blocks hold Harbor's placeholders, which users replace with their servers'.
      const everything = withDbIndexes(OPTIONAL_BLOCKS.reduce(uncomment, TEMPLATE))
        .replace('host: redis:6379', 'host: cache.example.com:6380')
        .replace('port: harbor_db_port', 'port: 5433')
        .replace(/harbor_db_(host|name|username|password)/g, 'pg-$1');
      const { yml, layout } = prepare(everything, mode);
      expect(yml.external_redis).toMatchObject({ host: 'cache.example.com:6380', idle_timeout_seconds: 30 });
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
    },
  );

  it('accepts the redis block uncommented with no index set (an empty block)', () => {
    const { yml, layout } = prepare(uncomment(TEMPLATE, 'redis'), 'docker');
    expect(yml.redis).toBeNull();
    expect([layout.redis('core').db, layout.redis('registry').db, layout.redis('jobservice').db]).toEqual([
      0, 1, 2,
    ]);
  });

  it.each(['docker', 'native'] as const)(
    'uses the redis block db indexes on the private redis (%s mode)',
    (mode) => {
      const source = withDbIndexes(uncomment(TEMPLATE, 'redis'))
        .replace(/^ {2}registry_db_index: 1$/m, '  registry_db_index: 3')
        .replace(/^ {2}jobservice_db_index: 2$/m, '  jobservice_db_index: 4')
        .replace(/^ {2}trivy_db_index: 5$/m, '  trivy_db_index: 8');
      const { layout, files } = prepare(source, mode);
      expect(layout.privateRedis).toBe(true);
      expect([layout.redis('core').db, layout.redis('registry').db, layout.redis('jobservice').db]).toEqual([
        6, 3, 4,
      ]);
      if (mode === 'docker') {
        const trivy = composeOf(files).services['trivy-adapter'].environment;
        expect(trivy.SCANNER_REDIS_URL).toBe('redis://redis:6379/8');
      }
    },
  );

  it('still refuses a typo in a 2.15 key, naming it', () => {
    expect(() => prepare(TEMPLATE.replace('java_db_repository:', 'java_db_repo:'), 'docker')).toThrow(
      /trivy\.java_db_repo.*unknown key/,
    );
  });
});
