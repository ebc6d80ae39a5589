import { HARBOR_TS_VERSION, parseHarborYml } from '@harbor-ts/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildLayout } from '../layout.js';
import { composeImages, renderDockerCompose } from './docker-compose.js';
import { renderNginxConf } from './nginx-conf.js';

const SOURCE = `hostname: harbor.test
http:
  port: 8081
harbor_admin_password: Harbor12345
database:
  password: root123
data_volume: /data
log:
  level: info
  local:
    location: /var/log/harbor-ts
`;

interface Service {
  image: string;
  restart: string;
  user?: string;
  volumes: string[];
  ports?: string[];
  depends_on?: string[];
  healthcheck: { test: string[] };
}

function compose(source = SOURCE, withTrivy = false) {
  const yml = parseHarborYml(source, '/srv/harbor/harbor.yml');
  const layout = buildLayout(yml, '/srv/harbor/harbor.yml', 'docker', withTrivy);
  return {
    layout,
    file: parse(renderDockerCompose(layout, withTrivy)) as {
      services: Record<string, Service>;
      networks: Record<string, unknown>;
    },
  };
}

describe('docker-compose.yml', () => {
  it('runs harbor-ts images only, each restarting by itself and with a healthcheck', () => {
    const { services } = compose(SOURCE, true).file;
    expect(Object.keys(services).sort()).toEqual(
      [
        'core',
        'jobservice',
        'portal',
        'postgresql',
        'proxy',
        'redis',
        'registry',
        'registryctl',
        'trivy-adapter',
      ].sort(),
    );
    for (const service of Object.values(services)) {
      expect(service.image).toMatch(new RegExp(`^harbor-ts/[a-z-]+:${HARBOR_TS_VERSION}$`));
      expect(service.restart).toBe('always');
      expect(service.healthcheck.test[0]).toBe('CMD');
    }
    expect(new Set(Object.values(services).map((s) => s.image))).toEqual(new Set(composeImages(true)));
  });

  it('keeps data under data_volume and logs under log.local.location', () => {
    const { services } = compose().file;
    expect(services.postgresql!.volumes).toEqual(['/data/database:/var/lib/postgresql/data']);
    expect(services.redis!.volumes).toEqual(['/data/redis:/data']);
    expect(services.registry!.volumes).toContain('/data/registry:/storage');
    expect(services.jobservice!.volumes).toContain('/data/job_logs:/var/log/jobs');
    expect(services.core!.volumes).toContain('/data/secret/core:/etc/harbor/secret/core:ro');
    for (const name of ['core', 'registry', 'registryctl', 'jobservice', 'proxy'])
      expect(services[name]!.volumes).toContain('/var/log/harbor-ts:/var/log/harbor');
    expect(services.core!.user).toBe('10000:10000');
  });

  it('publishes http.port on the proxy, which reads blobs from the registry storage itself', () => {
    const { file, layout } = compose();
    expect(file.services.proxy!.ports).toEqual(['8081:8080']);
    expect(file.services.proxy!.volumes).toContain('/data/registry:/storage:ro');
    const nginx = renderNginxConf(layout, 'gatekeeper-secret-0123456789');
    expect(nginx).toContain('proxy_pass http://registry:5000;');
    expect(nginx).toContain('root /storage;');
    expect(nginx).toContain('access_log /var/log/harbor/nginx.log timed;');
  });

  it('leaves out the private database and redis when external ones are set', () => {
    const external = `${SOURCE}external_database:
  harbor:
    host: db.test
    port: 5432
    db_name: registry
    username: harbor
    password: pw
    ssl_mode: disable
    max_idle_conns: 2
    max_open_conns: 0
external_redis:
  host: cache.test:6379
`;
    const { services } = compose(external).file;
    expect(services.postgresql).toBeUndefined();
    expect(services.redis).toBeUndefined();
    expect(services.core!.depends_on).toEqual(['registry', 'registryctl']);
  });
});
