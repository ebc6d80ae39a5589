import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  coreConfigSchema,
  jobserviceConfigSchema,
  loadServiceConfig,
  registryConfigSchema,
  registryctlConfigSchema,
} from '@harbor-ts/config';
import {
  PREPARE,
  REPO_ROOT,
  removeDir,
  runSync,
  selfSignedCertificate,
  tempDir,
  writeHarborYml,
} from './support/harness.js';

const dirs: string[] = [];
function newDir(): string {
  const dir = tempDir('hts-prep-');
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

function prepare(...args: string[]) {
  return runSync(PREPARE, args);
}

function loadAll(dir: string) {
  const config = (service: string) => join(dir, 'common/config', service, 'config.yml');
  return {
    core: loadServiceConfig(coreConfigSchema, config('core')),
    registry: loadServiceConfig(registryConfigSchema, config('registry')),
    jobservice: loadServiceConfig(jobserviceConfigSchema, config('jobservice')),
    registryctl: loadServiceConfig(registryctlConfigSchema, config('registryctl')),
  };
}

function harborV211(dir: string): string {
  const { certificate, privateKey } = selfSignedCertificate(dir);
  const source = readFileSync(join(import.meta.dirname, 'fixtures/harbor-v2.11.yml'), 'utf8')
    .replaceAll('__CERT__', certificate)
    .replaceAll('__KEY__', privateKey)
    .replaceAll('__DATA__', join(dir, 'data'))
    .replaceAll('__LOG__', join(dir, 'log'));
  const file = join(dir, 'harbor.yml');
  writeFileSync(file, source);
  return file;
}

describe('prepare with a real Harbor 2.11 harbor.yml', () => {
  let dir: string;
  beforeAll(() => {
    dir = newDir();
    const result = prepare('--conf', harborV211(dir), '--with-trivy');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('writes service configs the services accept, using the external database and redis', () => {
    const { core, registry, jobservice, registryctl } = loadAll(dir);
    expect(core.externalUrl).toBe('https://harbor.example.com:8433');
    expect(core.database).toMatchObject({
      host: 'db.example.com',
      port: 5433,
      database: 'harbor_db',
      user: 'harbor',
      sslMode: 'require',
    });
    expect(core.redis).toMatchObject({ host: 'redis.example.com', port: 6380, password: 'redispass', db: 0 });
    expect(registry.redis).toMatchObject({ db: 11, eventStream: 'harbor:registry:events' });
    expect(jobservice.redis.db).toBe(12);
    expect(registry.storage).toEqual({
      rootDirectory: '/storage',
      deleteEnabled: true,
      maxManifestBytes: 4 * 1024 * 1024,
    });
    expect(registry.uploadPurging).toEqual({
      enabled: true,
      ageMs: 168 * 3_600_000,
      intervalMs: 24 * 3_600_000,
      dryRun: false,
    });
    expect(registryctl.listen).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(core.registry.url).toBe('http://registry:5000');
    expect(core.trivy?.url).toBe('http://trivy-adapter:8080');
    expect(jobservice.maxJobWorkers).toBe(10);
  });

  it('writes a docker-compose.yml whose services are consistent', () => {
    const compose = parse(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')) as {
      services: Record<
        string,
        { image: string; volumes: string[]; networks: string[]; depends_on?: string[] }
      >;
      networks: Record<string, unknown>;
    };
    const names = Object.keys(compose.services);
    // External database and redis: no private postgresql/redis containers.
    expect(names.sort()).toEqual([
      'core',
      'jobservice',
      'portal',
      'proxy',
      'registry',
      'registryctl',
      'trivy-adapter',
    ]);
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(Array.isArray(service.volumes), name).toBe(true);
      expect(service.networks, name).toEqual(['harbor']);
      for (const dependency of service.depends_on ?? [])
        expect(names, `${name} → ${dependency}`).toContain(dependency);
      for (const volume of service.volumes) expect(volume.split(':')[0], name).toMatch(/^\//);
    }
    expect(Object.keys(compose.networks)).toEqual(['harbor']);
    expect(compose.services.registry?.volumes).toContain(`${join(dir, 'data/images')}:/storage`);
    // A real compose implementation validates the file: the plugin when present, else Debian's docker-compose
    // (the test runner installs it).
    const validator = [['docker', 'compose'], ['docker-compose']].find(
      ([cmd, ...sub]) => runSync(cmd!, [...sub, 'version']).code === 0,
    );
    expect(validator, 'needs `docker compose` or `docker-compose` to validate the file').toBeDefined();
    const [cmd, ...sub] = validator!;
    const checked = runSync(cmd!, [...sub, '-f', join(dir, 'docker-compose.yml'), 'config', '-q']);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  });

  it('in native mode runs no private postgres or redis when external ones are configured', () => {
    const nativeDir = newDir();
    const conf = harborV211(nativeDir);
    expect(prepare('--native', '--conf', conf).code).toBe(0);
    const env = readFileSync(join(nativeDir, 'common/config/native/instance.env'), 'utf8');
    expect(env).toContain(`PRIVATE_POSTGRES='0'`);
    expect(env).toContain(`PRIVATE_REDIS='0'`);
    expect(env).toContain(`STORAGE_ROOT='${join(nativeDir, 'data/images')}'`);
    expect(env).toContain(`HEALTH_URL='https://127.0.0.1:443/api/v2.0/health'`);
    const { core, registry } = loadAll(nativeDir);
    expect(core.database.host).toBe('db.example.com');
    expect(registry.storage.rootDirectory).toBe(join(nativeDir, 'data/images'));
  });

  it('writes a bcrypt htpasswd for the registry user matching the password in core config', () => {
    const line = readFileSync(join(dir, 'common/config/registry/passwd'), 'utf8').trim();
    const [user, hash] = line.split(':');
    expect(user).toBe('harbor_registry_user');
    expect(hash).toMatch(/^\$2[ay]\$/);
    expect(bcrypt.compareSync(loadAll(dir).core.registry.credentials.password, hash ?? '')).toBe(true);
  });
});

describe('prepare --native', () => {
  let dir: string;
  beforeAll(() => {
    dir = newDir();
    const result = prepare('--native', '--conf', writeHarborYml({ dir, httpPort: 18081 }));
    expect(result.code).toBe(0);
  });

  it('puts every internal service on a Unix socket under data_volume/run', () => {
    const { core, registry, jobservice, registryctl } = loadAll(dir);
    const run = join(dir, 'data/run');
    expect(core.listen).toEqual({ socket: join(run, 'core.sock') });
    expect(registry.listen).toEqual({ socket: join(run, 'registry.sock') });
    expect(jobservice.listen).toEqual({ socket: join(run, 'jobservice.sock') });
    expect(registryctl.listen).toEqual({ socket: join(run, 'registryctl.sock') });
    expect(core.registry).toMatchObject({ socket: join(run, 'registry.sock') });
    expect(core.database).toMatchObject({
      host: join(run, 'postgresql'),
      user: 'postgres',
      password: '',
      database: 'registry',
    });
    expect(core.redis).toEqual({ path: join(run, 'redis.sock'), db: 0, keyPrefix: 'harbor:' });
    expect(registry.redis.db).toBe(1);
    expect(jobservice.redis.db).toBe(2);
    expect(registry.storage.rootDirectory).toBe(join(dir, 'data/registry'));
    expect(core.portal).toEqual({ root: join(REPO_ROOT, 'apps/portal/dist') });
    expect(core.externalUrl).toBe('http://127.0.0.1:18081');
    expect(core.log.file).toBe(join(dir, 'log/core.log'));
  });

  it('keeps configs and secrets private', () => {
    for (const service of ['core', 'registry', 'jobservice', 'registryctl']) {
      expect(statSync(join(dir, 'common/config', service, 'config.yml')).mode & 0o777).toBe(0o600);
    }
    const secret = join(dir, 'data/secret');
    expect(statSync(secret).mode & 0o777).toBe(0o700);
    for (const sub of readdirSync(secret)) {
      expect(statSync(join(secret, sub)).mode & 0o777).toBe(0o700);
      for (const file of readdirSync(join(secret, sub)))
        expect(statSync(join(secret, sub, file)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(secret, 'keys/secretkey'), 'utf8').trim()).toHaveLength(16);
    expect(readFileSync(join(secret, 'core/private_key.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(readFileSync(join(secret, 'registry/root.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('reuses the same secrets on a second run', () => {
    const secret = join(dir, 'data/secret');
    const snapshot = () =>
      Object.fromEntries(
        readdirSync(secret, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => [
            join(entry.parentPath, entry.name),
            readFileSync(join(entry.parentPath, entry.name), 'utf8'),
          ]),
      );
    const before = { files: snapshot(), core: loadAll(dir).core };
    expect(prepare('--native', '--conf', join(dir, 'harbor.yml')).code).toBe(0);
    expect(snapshot()).toEqual(before.files);
    const after = loadAll(dir).core;
    expect(after.secrets).toEqual(before.core.secrets);
    expect(after.registry.credentials).toEqual(before.core.registry.credentials);
  });

  it('writes the instance file harborctl reads', () => {
    const env = readFileSync(join(dir, 'common/config/native/instance.env'), 'utf8');
    expect(env).toContain(`DATA_VOLUME='${join(dir, 'data')}'`);
    expect(env).toContain(`HTTP_PORT='18081'`);
    expect(env).toContain(`PRIVATE_POSTGRES='1'`);
    expect(env).toContain(`HEALTH_URL='http://127.0.0.1:18081/api/v2.0/health'`);
  });

  it('generates an nginx.conf that nginx accepts, for http', () => {
    expectNginxAccepts(dir);
    const conf = readFileSync(join(dir, 'common/config/nginx/nginx.conf'), 'utf8');
    expect(conf).toContain(`server unix:${join(dir, 'data/run/core.sock')};`);
    expect(conf).toContain('client_max_body_size 0;');
    expect(conf).toContain('try_files $uri $uri/ /index.html;');
    expect(conf).toContain('server_tokens off;');
  });

  it('generates an nginx.conf that nginx accepts, for https with a redirect', () => {
    const httpsDir = newDir();
    expect(
      prepare('--native', '--conf', writeHarborYml({ dir: httpsDir, httpPort: 18082, httpsPort: 18443 }))
        .code,
    ).toBe(0);
    expectNginxAccepts(httpsDir);
    const conf = readFileSync(join(httpsDir, 'common/config/nginx/nginx.conf'), 'utf8');
    expect(conf).toContain('listen 18443 ssl;');
    expect(conf).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(conf).toContain('return 308 https://$host:18443$request_uri;');
    expect(loadAll(httpsDir).core.externalUrl).toBe('https://127.0.0.1:18443');
  });
});

function expectNginxAccepts(dir: string): void {
  const nginx = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const prefix = join(dir, 'data/nginx');
  mkdirSync(prefix, { recursive: true });
  const result = runSync(nginx, ['-t', '-p', prefix, '-c', join(dir, 'common/config/nginx/nginx.conf')]);
  expect(result.stderr).toContain('test is successful');
  expect(result.code).toBe(0);
}

describe('prepare rejects a broken harbor.yml and writes nothing', () => {
  // `marker` finds the line prepare must report (none for a key that is absent).
  const cases: {
    name: string;
    edit: (source: string) => string;
    key: string;
    marker?: string;
    detail: string;
  }[] = [
    {
      name: 'missing hostname',
      edit: (s) => s.replace(/^hostname: .*\n/m, ''),
      key: 'hostname',
      detail: 'is required',
    },
    {
      name: 'wrong type',
      edit: (s) => s.replace(/^ {2}port: \d+$/m, '  port: eighty'),
      key: 'http.port',
      marker: 'eighty',
      detail: 'expected number',
    },
    {
      name: 'unknown key',
      edit: (s) => s.replace(/^data_volume:/m, 'data_volum:'),
      key: 'data_volum',
      marker: 'data_volum:',
      detail: 'unknown key',
    },
  ];

  for (const { name, edit, key, marker, detail } of cases) {
    it(`${name} → exit 1 naming ${key}${marker ? ' and its line' : ''}`, () => {
      const dir = newDir();
      const file = writeHarborYml({ dir, httpPort: 18083 });
      const broken = edit(readFileSync(file, 'utf8'));
      writeFileSync(file, broken);
      const result = prepare('--native', '--conf', file);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${key}: `);
      expect(result.stderr).toContain(detail);
      if (marker) {
        const line = broken.split('\n').findIndex((text) => text.includes(marker)) + 1;
        expect(result.stderr).toContain(`${file}:${line}: ${key}: `);
      }
      expectNothingWritten(dir);
    });
  }

  it('https certificate missing → exit 1 naming https.certificate and its line', () => {
    const dir = newDir();
    const file = writeHarborYml({ dir, httpPort: 18084, httpsPort: 18444 });
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(join(dir, 'server.crt'), join(dir, 'missing.crt')),
    );
    const result = prepare('--conf', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/harbor\.yml:\d+: https\.certificate: /);
    expectNothingWritten(dir);
  });

  it('a data_volume too long for Unix sockets → exit 1 naming data_volume (native mode)', () => {
    const dir = newDir();
    const file = writeHarborYml({
      dir,
      httpPort: 18085,
      edit: (doc) => doc.set('data_volume', join(dir, 'x'.repeat(90))),
    });
    const result = prepare('--native', '--conf', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('data_volume');
    expect(result.stderr).toContain('107');
    expectNothingWritten(dir);
  });

  it('an unknown option → exit 1 with usage', () => {
    const result = prepare('--bogus');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: ./prepare');
  });
});

/** Only what the test itself put there: no common/, no data_volume, no docker-compose.yml. */
function expectNothingWritten(dir: string): void {
  const inputs = ['harbor.yml', 'server.crt', 'server.key'];
  expect(readdirSync(dir).filter((name) => !inputs.includes(name))).toEqual([]);
}
