import { join } from 'node:path';
import { HARBOR_TS_VERSION } from '@harbor-ts/config';
import { stringify } from 'yaml';
import { DOCKER_LOG_DIR, type Layout } from '../layout.js';
import { DOCKER_CERT, DOCKER_PROXY_PORTS } from './nginx-conf.js';

/** Where the scanner adapter keeps its databases inside its container (data_volume/trivy-adapter). */
export const DOCKER_TRIVY_DATA_DIR = '/var/lib/trivy-adapter';

/** Every image harbor-ts builds from deploy/docker (deploy/docker/build-images.sh), on Debian 13. */
export type Image =
  'core' | 'registry' | 'registryctl' | 'jobservice' | 'trivy-adapter' | 'portal' | 'nginx' | 'db' | 'redis';
type NodeApp = 'core' | 'registry' | 'registryctl' | 'jobservice' | 'trivy-adapter';

interface ComposeService {
  image: string;
  restart: 'always';
  user?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes: string[];
  networks: string[];
  depends_on?: string[];
  ports?: string[];
  healthcheck: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
}

export function image(name: Image): string {
  return `harbor-ts/${name}:${HARBOR_TS_VERSION}`;
}

/** The images a compose file of this layout runs (what build-images.sh builds and the bundle saves). */
export function composeImages(withTrivy: boolean): string[] {
  const names: Image[] = ['db', 'redis', 'nginx', 'portal', 'core', 'registry', 'registryctl', 'jobservice'];
  return [...names, ...(withTrivy ? (['trivy-adapter'] as const) : [])].map(image);
}

/** Harbor's default uid/gid for its containers; harbor.yml `permission` overrides it. */
const DEFAULT_APP_USER = { uid: 10000, gid: 10000 };

/** The user the Node app containers run as; prepare gives it their config files and data folders. */
export function appUser(layout: Layout): { uid: number; gid: number } {
  return layout.yml.permission ?? DEFAULT_APP_USER;
}

function healthcheck(test: string[]): ComposeService['healthcheck'] {
  return { test, interval: '10s', timeout: '5s', retries: 6, start_period: '30s' };
}

/** nginx images have no HTTP client: a connection accepted on the port is the check. */
function tcpHealthcheck(port: number): ComposeService['healthcheck'] {
  return healthcheck(['CMD', 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
}

/** Any HTTP answer below 500 from the container's own port means the service is up. */
function httpHealthcheck(port: number, path: string): ComposeService['healthcheck'] {
  const probe = `fetch('http://127.0.0.1:${port}${path}').then(r=>process.exit(r.status<500?0:1),()=>process.exit(1))`;
  return healthcheck(['CMD', 'node', '-e', probe]);
}

const APP_HEALTH: Record<NodeApp, ComposeService['healthcheck']> = {
  core: httpHealthcheck(8080, '/api/v2.0/ping'),
  registry: httpHealthcheck(5000, '/'),
  registryctl: httpHealthcheck(8080, '/api/health'),
  jobservice: httpHealthcheck(8080, '/api/health'),
  'trivy-adapter': httpHealthcheck(8080, '/probe/healthy'),
};

function appService(layout: Layout, app: NodeApp, volumes: string[], dependsOn: string[]): ComposeService {
  return {
    image: image(app),
    restart: 'always',
    user: `${appUser(layout).uid}:${appUser(layout).gid}`,
    command: ['--config', `/etc/harbor/${app}/config.yml`],
    volumes: [
      `${join(layout.host.configDir, app)}:/etc/harbor/${app}:ro`,
      `${layout.host.logDir}:${DOCKER_LOG_DIR}`,
      ...volumes,
    ],
    networks: ['harbor'],
    ...(dependsOn.length ? { depends_on: dependsOn } : {}),
    healthcheck: APP_HEALTH[app],
  };
}

/**
 * Harbor's compose layout with harbor-ts's images (built by deploy/docker/build-images.sh or loaded
 * from the offline bundle; compose never builds them itself): every service restarts by itself and has a
 * healthcheck; data lives under data_volume and logs under log.local.location. No container_name
 * and no fixed project name, so two instances in different folders (compose derives the project
 * from the folder) do not collide. Readable by docker-compose 1.29 and docker compose v2.
 */
export function renderDockerCompose(layout: Layout, withTrivy: boolean): string {
  const { host, yml } = layout;
  const data = (sub: string) => join(host.dataVolume, sub);
  const backing = [
    ...(layout.privatePostgres ? ['postgresql'] : []),
    ...(layout.privateRedis ? ['redis'] : []),
  ];
  const services: Record<string, ComposeService> = {};
  if (layout.privatePostgres) services.postgresql = postgresService(layout);
  if (layout.privateRedis) services.redis = redisService(data('redis'));
  services.registry = appService(
    layout,
    'registry',
    [`${host.storageRoot}:/storage`],
    layout.privateRedis ? ['redis'] : [],
  );
  services.registryctl = appService(layout, 'registryctl', [`${host.storageRoot}:/storage`], []);
  if (withTrivy) {
    services['trivy-adapter'] = appService(
      layout,
      'trivy-adapter',
      [`${data('trivy-adapter')}:${DOCKER_TRIVY_DATA_DIR}`],
      [],
    );
  }
  services.core = {
    ...appService(
      layout,
      'core',
      [
        `${join(host.secretDir, 'core')}:/etc/harbor/secret/core:ro`,
        `${join(host.secretDir, 'registry')}:/etc/harbor/secret/registry:ro`,
      ],
      ['registry', 'registryctl', ...(withTrivy ? ['trivy-adapter'] : []), ...backing],
    ),
    // Harbor publishes metrics on their own port (9090), apart from the proxy's public ports.
    ...(yml.metric?.enabled ? { ports: [`${yml.metric.port}:${yml.metric.port}`] } : {}),
  };
  services.portal = {
    image: image('portal'),
    restart: 'always',
    volumes: [],
    networks: ['harbor'],
    healthcheck: tcpHealthcheck(8080),
  };
  services.jobservice = appService(layout, 'jobservice', [`${data('job_logs')}:/var/log/jobs`], ['core']);
  services.proxy = proxyService(layout);
  // YAML 1.1 rules quote what older parsers would misread ("no" as false, "22:22" as base 60).
  const body = stringify({ services, networks: { harbor: { driver: 'bridge' } } }, { version: '1.1' });
  return `# Generated by ./prepare from ${layout.file}. Edit harbor.yml and run ./prepare again instead.\n${body}`;
}

function postgresService(layout: Layout): ComposeService {
  return {
    image: image('db'),
    restart: 'always',
    environment: { POSTGRES_PASSWORD: layout.yml.database.password },
    volumes: [`${join(layout.host.dataVolume, 'database')}:/var/lib/postgresql/data`],
    networks: ['harbor'],
    healthcheck: healthcheck(['CMD', 'pg_isready', '-q', '-h', '127.0.0.1', '-U', 'postgres']),
  };
}

function redisService(dataDir: string): ComposeService {
  return {
    image: image('redis'),
    restart: 'always',
    volumes: [`${dataDir}:/data`],
    networks: ['harbor'],
    healthcheck: healthcheck(['CMD', 'redis-cli', 'ping']),
  };
}

/** nginx in front of everything; it sends blob downloads itself from the registry's storage (read-only). */
function proxyService(layout: Layout): ComposeService {
  const { host, yml } = layout;
  return {
    image: image('nginx'),
    restart: 'always',
    volumes: [
      `${join(host.configDir, 'nginx', 'nginx.conf')}:/etc/nginx/nginx.conf:ro`,
      `${host.storageRoot}:${layout.storageRoot}:ro`,
      `${host.logDir}:${DOCKER_LOG_DIR}`,
      ...(yml.https
        ? [
            `${yml.https.certificate}:${DOCKER_CERT.certificate}:ro`,
            `${yml.https.private_key}:${DOCKER_CERT.privateKey}:ro`,
          ]
        : []),
    ],
    networks: ['harbor'],
    ports: [
      ...(yml.http ? [`${yml.http.port}:${DOCKER_PROXY_PORTS.http}`] : []),
      ...(yml.https ? [`${yml.https.port}:${DOCKER_PROXY_PORTS.https}`] : []),
    ],
    depends_on: ['core', 'portal'],
    healthcheck: tcpHealthcheck(8080),
  };
}
