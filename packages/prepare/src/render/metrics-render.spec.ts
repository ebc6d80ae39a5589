import { parseHarborYml } from '@harbor-ts/config';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildLayout, type Mode } from '../layout.js';
import type { Secrets } from '../secrets.js';
import { renderDockerCompose } from './docker-compose.js';
import { renderNginxConf } from './nginx-conf.js';
import { renderCoreConfig } from './service-configs.js';

const BASE = `hostname: harbor.test
http:
  port: 80
harbor_admin_password: Harbor12345
database:
  password: root123
data_volume: /data
`;
const METRIC = 'metric:\n  enabled: true\n  port: 9191\n  path: /prometheus\n';
const SECRETS: Secrets = {
  coreSecret: 'c'.repeat(16),
  jobserviceSecret: 'j'.repeat(16),
  registryPassword: 'registry-password',
  secretKey: 'k'.repeat(16),
  tokenPrivateKeyPem: '',
  tokenCertificatePem: '',
};

function layout(extra: string, mode: Mode) {
  return buildLayout(
    parseHarborYml(BASE + extra, '/etc/harbor/harbor.yml'),
    '/etc/harbor/harbor.yml',
    mode,
    false,
  );
}

describe('metric settings', () => {
  it.each(['native', 'docker'] as const)('renders metric.port and metric.path into core (%s)', (mode) => {
    expect(renderCoreConfig(layout(METRIC, mode), SECRETS).metrics).toEqual({
      listen: { host: '0.0.0.0', port: 9191 },
      path: '/prometheus',
      cacheTtlMs: 23_000,
    });
  });

  it('leaves metrics out when disabled or absent', () => {
    expect(renderCoreConfig(layout('', 'native'), SECRETS).metrics).toBeUndefined();
    const disabled = METRIC.replace('enabled: true', 'enabled: false');
    expect(renderCoreConfig(layout(disabled, 'docker'), SECRETS).metrics).toBeUndefined();
  });

  it.each(['native', 'docker'] as const)('keeps the metrics port and path out of nginx (%s)', (mode) => {
    const conf = renderNginxConf(layout(METRIC, mode), 'gatekeeper-secret');
    expect(conf).not.toContain('9191');
    expect(conf).not.toContain('/prometheus');
  });

  it('publishes the metrics port on core only, in compose', () => {
    const compose = parse(renderDockerCompose(layout(METRIC, 'docker'), false)) as {
      services: Record<string, { ports?: string[] }>;
    };
    expect(compose.services.core?.ports).toEqual(['9191:9191']);
    expect(compose.services.proxy?.ports).toEqual(['80:8080']);
    const without = parse(renderDockerCompose(layout('', 'docker'), false)) as typeof compose;
    expect(without.services.core?.ports).toBeUndefined();
  });
});
