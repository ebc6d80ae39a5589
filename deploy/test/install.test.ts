import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HARBORCTL,
  INSTALL,
  REPO_ROOT,
  freePort,
  getText,
  processesMentioning,
  removeDir,
  run,
  runSync,
  tempDir,
  writeHarborYml,
  type Health,
} from './support/harness.js';

interface Instance {
  dir: string;
  conf: string;
  port: number;
  base: string;
}

async function newInstance(): Promise<Instance> {
  const dir = tempDir('hts-inst-');
  const port = await freePort();
  return { dir, port, conf: writeHarborYml({ dir, httpPort: port }), base: `http://127.0.0.1:${port}` };
}

async function install(instance: Instance) {
  const started = Date.now();
  const result = await run(INSTALL, ['--native', '--conf', instance.conf]);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`install.sh --native (${instance.dir}): exit ${result.code} after ${seconds}s`);
  if (result.code !== 0) console.log(result.stdout, result.stderr);
  return result;
}

function harborctl(instance: Instance, ...args: string[]) {
  return runSync(HARBORCTL, ['--conf', instance.conf, ...args]);
}

async function expectHealthy(instance: Instance): Promise<void> {
  const health = await getText(`${instance.base}/api/v2.0/health`);
  expect(health.status).toBe(200);
  const body = JSON.parse(health.body) as Health;
  expect(body.components.filter((c) => c.status !== 'healthy')).toEqual([]);
  expect(body.status).toBe('healthy');
}

describe('./install.sh --native', () => {
  const instances: Instance[] = [];

  beforeAll(async () => {
    instances.push(await newInstance(), await newInstance());
  });

  afterAll(() => {
    // Clean up even when a test failed half-way.
    for (const instance of instances) {
      harborctl(instance, 'stop');
      removeDir(instance.dir);
    }
  });

  it('installs an instance that reports healthy through nginx', async () => {
    const [first] = instances as [Instance];
    const result = await install(first);
    expect(result.code).toBe(0);
    await expectHealthy(first);

    const ping = await getText(`${first.base}/api/v2.0/ping`);
    expect(ping.body).toBe('Pong');

    const portal = await getText(`${first.base}/`);
    expect(portal.status).toBe(200);
    expect(portal.type).toContain('text/html');
    expect(portal.body).toBe(readFileSync(join(REPO_ROOT, 'apps/portal/dist/index.html'), 'utf8'));
    // A portal route the server does not know still gets the single-page app.
    expect((await getText(`${first.base}/harbor/projects`)).body).toBe(portal.body);

    const status = harborctl(first, 'status');
    expect(status.stdout).toMatch(/core\s+running/);
    expect(status.code).toBe(0);
  });

  it('runs a second instance side by side', async () => {
    const [first, second] = instances as [Instance, Instance];
    expect((await install(second)).code).toBe(0);
    await expectHealthy(second);
    await expectHealthy(first);
    expect(harborctl(first, 'status').code).toBe(0);
    expect(harborctl(second, 'status').code).toBe(0);
  });

  it('harborctl stop leaves no process of either instance behind', () => {
    for (const instance of instances) {
      const stop = harborctl(instance, 'stop');
      expect(stop.code).toBe(0);
      expect(processesMentioning(join(instance.dir, 'data'))).toEqual([]);
      expect(processesMentioning(instance.dir)).toEqual([]);
      expect(harborctl(instance, 'status').code).not.toBe(0);
    }
  });
});

describe('./install.sh --native with https', () => {
  let instance: Instance & { httpsPort: number };

  beforeAll(async () => {
    const dir = tempDir('hts-tls-');
    const [port, httpsPort] = [await freePort(), await freePort()];
    const conf = writeHarborYml({ dir, httpPort: port, httpsPort });
    instance = { dir, conf, port, httpsPort, base: `https://127.0.0.1:${httpsPort}` };
  });

  afterAll(() => {
    harborctl(instance, 'stop');
    removeDir(instance.dir);
  });

  it('serves https with the configured certificate and redirects http to it', async () => {
    expect((await install(instance)).code).toBe(0);
    const health = runSync('curl', ['-sk', `${instance.base}/api/v2.0/health`]);
    expect((JSON.parse(health.stdout) as Health).status).toBe('healthy');
    const redirect = await fetch(`http://127.0.0.1:${instance.port}/api/v2.0/ping`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe(`https://127.0.0.1:${instance.httpsPort}/api/v2.0/ping`);
    expect(harborctl(instance, 'stop').code).toBe(0);
    expect(processesMentioning(instance.dir)).toEqual([]);
  });
});

describe('./install.sh arguments', () => {
  it('--help prints usage and exits 0', () => {
    const result = runSync(INSTALL, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--native');
  });

  it.skipIf(
    runSync('docker', ['compose', 'version']).code === 0 || runSync('docker-compose', ['version']).code === 0,
  )('docker mode without docker compose or docker-compose fails clearly and writes nothing', () => {
    const dir = tempDir('hts-dock-');
    try {
      const conf = writeHarborYml({ dir, httpPort: 18099 });
      const result = runSync(INSTALL, ['--conf', conf]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /docker (is not installed|daemon is not reachable)|neither docker compose/,
      );
      expect(runSync('ls', [dir]).stdout.trim()).toBe('harbor.yml');
    } finally {
      removeDir(dir);
    }
  });

  it('an unknown flag prints usage on stderr and exits 1', () => {
    const result = runSync(INSTALL, ['--bogus']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: ./install.sh');
  });
});
