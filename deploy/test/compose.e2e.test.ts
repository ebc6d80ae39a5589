import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INSTALL,
  REPO_ROOT,
  freePort,
  removeDir,
  run,
  runSync,
  tempDir,
  writeHarborYml,
} from './support/harness.js';
// The scanner's own fixtures: a Debian 12 dpkg status and osv.dev records for real CVEs of its versions.
import {
  DEBIAN_OS_RELEASE,
  DEBIAN_STATUS,
  OSV_DEBIAN,
} from '../../apps/trivy-adapter/test/fixtures/images.js';
import { untilOsvLoaded } from '../../apps/trivy-adapter/test/support/osv-loaded.js';

// ./install.sh --with-trivy in docker mode as a new user runs it: images built from deploy/docker on a
// debian:trixie-slim that deploy/docker/base-image.sh debootstraps when the engine has none (its
// root filesystem is cached in ~/.cache/harbor-ts, so later runs import it in seconds).
const ADMIN = 'admin:Harbor12345';
const REPORT = 'application/vnd.security.vulnerability.report; version=1.1';
const compose = (() => {
  if (runSync('docker', ['compose', 'version']).code === 0) return ['docker', 'compose'];
  if (runSync('docker-compose', ['version']).code === 0) return ['docker-compose'];
  return undefined;
})();
const canRun =
  runSync('docker', ['info']).code === 0 &&
  compose !== undefined &&
  process.getuid?.() === 0 &&
  (runSync('docker', ['image', 'inspect', 'debian:trixie-slim']).code === 0 ||
    runSync('debootstrap', ['--version']).code === 0);
const SERVICES = [
  'postgresql',
  'redis',
  'registry',
  'registryctl',
  'core',
  'portal',
  'jobservice',
  'trivy-adapter',
  'proxy',
];
// A build from changed sources on a busy 2-core machine took more than 11 minutes (apt layers cached).
const INSTALL_TIMEOUT_MS = 20 * 60_000;

describe.skipIf(!canRun)('./install.sh with docker compose', () => {
  let dir: string;
  let composeFile: string;
  let conf: string;
  let dockerConfig: string;
  let registry: string;
  let installOutput = '';
  const repository = () => `${registry}/library/compose-e2e`;

  const composeRun = (...args: string[]) =>
    run(compose![0]!, [...compose!.slice(1), '-f', composeFile, ...args]);
  const docker = (...args: string[]) =>
    run('bash', ['-c', 'DOCKER_CONFIG="$0" exec docker "$@"', dockerConfig, ...args]);
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`http://${registry}/api/v2.0${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(ADMIN).toString('base64')}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const blobFiles = () => {
    const root = join(dir, 'data', 'registry', 'docker', 'registry', 'v2', 'blobs', 'sha256');
    return readdirSync(root).flatMap((prefix) => readdirSync(join(root, prefix)));
  };

  /** Every service's container is running and its healthcheck passes, as `compose ps` shows it. */
  async function waitAllHealthy(timeoutMs = 240_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let table = '';
    for (;;) {
      table = (await composeRun('ps')).stdout;
      const lines = table.split('\n');
      const healthy = SERVICES.every((service) =>
        lines.some((line) => new RegExp(`[-_]${service}[-_]1\\b`).test(line) && /Up.*\(healthy\)/.test(line)),
      );
      if (healthy) return table;
      if (Date.now() > deadline) throw new Error(`not every service healthy:\n${table}`);
      await sleep(3000);
    }
  }
  async function health(): Promise<string> {
    const response = await fetch(`http://${registry}/api/v2.0/health`).catch(() => undefined);
    return response?.ok ? ((await response.json()) as { status: string }).status : 'unreachable';
  }
  async function waitHealthy(timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await health()) !== 'healthy') {
      if (Date.now() > deadline) throw new Error('harbor-ts did not become healthy again');
      await sleep(2000);
    }
  }
  /** docker import of a root filesystem holding these files, then docker push. */
  async function pushImage(reference: string, files: Record<string, string>): Promise<void> {
    const rootfs = mkdtempSync(join(dir, 'rootfs-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(rootfs, path)), { recursive: true });
      writeFileSync(join(rootfs, path), content);
    }
    expect(runSync('bash', ['-c', `tar -C ${rootfs} -cf - . | docker import - ${reference}`]).code).toBe(0);
    const push = await docker('push', reference);
    const tag = reference.split(':').pop()!;
    expect(push.stdout + push.stderr).toMatch(new RegExp(`${tag}: digest: sha256:[0-9a-f]{64}`));
  }

  beforeAll(async () => {
    dir = tempDir('hts-compose-');
    dockerConfig = mkdtempSync(join(tmpdir(), 'hts-compose-docker-'));
    const httpPort = await freePort();
    registry = `127.0.0.1:${httpPort}`;
    conf = writeHarborYml({ dir, httpPort });
    composeFile = join(dir, 'docker-compose.yml');
    const install = await run(INSTALL, ['--conf', conf, '--with-trivy']);
    installOutput = install.stdout + install.stderr;
    if (install.code !== 0)
      throw new Error(`./install.sh failed (${install.code}):\n${installOutput.slice(-6000)}`);
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    if (composeFile) await composeRun('down', '--volumes', '--remove-orphans');
    runSync('bash', [
      '-c',
      `docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '/(compose-e2e|debian):' | xargs -r docker rmi -f`,
    ]);
    if (dockerConfig) removeDir(dockerConfig);
    if (dir) removeDir(dir);
  }, 180_000);

  it('returns once healthy through nginx, with every service Up (healthy) in compose ps', async () => {
    expect(installOutput).toContain('harbor-ts is healthy');
    expect(await health()).toBe('healthy');
    const table = await waitAllHealthy();
    for (const service of SERVICES) expect(table).toMatch(new RegExp(`[-_]${service}[-_]1\\b`));
    // Logs land in log.local.location, as Harbor's do.
    expect(readdirSync(join(dir, 'log'))).toEqual(
      expect.arrayContaining(['core.log', 'registry.log', 'nginx.log']),
    );
  });

  it('docker login, push, and pull byte-exact through nginx', async () => {
    const loggedIn = await run('bash', [
      '-c',
      'echo Harbor12345 | DOCKER_CONFIG="$0" docker login "$1" -u admin --password-stdin',
      dockerConfig,
      registry,
    ]);
    expect(loggedIn.stdout).toContain('Login Succeeded');
    await pushImage(`${repository()}:1`, { 'hello.txt': 'hello from compose\n' });
    await pushImage(`${repository()}:gone`, { 'hello.txt': 'a layer garbage collection removes\n' });

    expect((await docker('rmi', `${repository()}:1`)).code).toBe(0);
    const pull = await docker('pull', `${repository()}:1`);
    expect(pull.stdout).toMatch(/Downloaded newer image|Status: Image is up to date/);

    // The layer's bytes, sent by nginx from the registry's storage, hash to their digest.
    const manifest = (await (
      await fetch(`http://${registry}/v2/library/compose-e2e/manifests/1`, {
        headers: {
          authorization: `Basic ${Buffer.from(ADMIN).toString('base64')}`,
          accept: 'application/vnd.docker.distribution.manifest.v2+json',
        },
      })
    ).json()) as { layers: { digest: string; size: number }[] };
    const layer = manifest.layers[0]!;
    const blob = await fetch(`http://${registry}/v2/library/compose-e2e/blobs/${layer.digest}`, {
      headers: { authorization: `Basic ${Buffer.from(ADMIN).toString('base64')}` },
    });
    expect(blob.status).toBe(200);
    const bytes = Buffer.from(await blob.arrayBuffer());
    expect(bytes.length).toBe(layer.size);
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(layer.digest);
  });

  it('--with-trivy: Trivy scans an image pushed to a scan-on-push project, offline, and prevention blocks its pull', async () => {
    const scanners = (await api('GET', '/scanners')).body as {
      uuid: string;
      name: string;
      is_default: boolean;
    }[];
    expect(scanners).toEqual([expect.objectContaining({ name: 'Trivy', is_default: true })]);
    // Behind a firewall: the OSV export copied into the adapter's folder under data_volume.
    const osv = join(dir, 'data', 'trivy-adapter', 'osv');
    mkdirSync(osv, { recursive: true });
    writeFileSync(join(osv, 'debian.json'), JSON.stringify(OSV_DEBIAN));
    const properties = await untilOsvLoaded(async () => {
      const metadata = (await api('GET', `/scanners/${scanners[0]!.uuid}/metadata`)).body as {
        properties?: Record<string, string>;
      };
      return metadata.properties;
    }, OSV_DEBIAN.length);
    expect(properties['harbor.scanner-adapter/vulnerability-database-status']).toBe('stale');

    expect(
      (await api('POST', '/projects', { project_name: 'scans', metadata: { auto_scan: 'true' } })).status,
    ).toBe(201);
    const image = `${registry}/scans/debian:12`;
    await pushImage(image, {
      'etc/os-release': DEBIAN_OS_RELEASE,
      'var/lib/dpkg/status': DEBIAN_STATUS,
    });
    // The adapter runs in its own container and pulls the layers from core's internal address.
    const path = '/projects/scans/repositories/debian/artifacts/12';
    let overview: { scan_status?: string; report_id?: string } | undefined;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      const artifact = (await api('GET', `${path}?with_scan_overview=true`)).body as {
        scan_overview?: Record<string, typeof overview>;
      };
      overview = artifact.scan_overview?.[REPORT];
      if (['Success', 'Error', 'Stopped'].includes(overview?.scan_status ?? '')) break;
      await sleep(1000);
    }
    const log = overview?.report_id
      ? await fetch(`http://${registry}/api/v2.0${path}/scan/${overview.report_id}/log`, {
          headers: { authorization: `Basic ${Buffer.from(ADMIN).toString('base64')}` },
        }).then((response) => response.text())
      : 'no report';
    expect(overview?.scan_status, log).toBe('Success');
    const additions = (await api('GET', `${path}/additions/vulnerabilities`)).body as Record<
      string,
      { vulnerabilities: { id: string; package: string; fix_version: string }[] }
    >;
    expect(additions[REPORT]!.vulnerabilities.map((v) => [v.id, v.package, v.fix_version])).toEqual([
      ['CVE-2023-45853', 'zlib1g', ''],
      ['CVE-2024-0727', 'libssl3', '3.0.13-1~deb12u1'],
      ['CVE-2024-2961', 'libc6', '2.36-9+deb12u7'],
    ]);

    expect(
      (await api('PUT', '/projects/scans', { metadata: { prevent_vul: 'true', severity: 'critical' } }))
        .status,
    ).toBe(200);
    expect((await docker('rmi', image)).code).toBe(0);
    // core reads a project's pull policy at most every 2 s (the scanner's pulls just read it).
    let refused = await docker('pull', image);
    for (const deadline = Date.now() + 10_000; refused.code === 0 && Date.now() < deadline;) {
      await docker('rmi', image);
      await sleep(1000);
      refused = await docker('pull', image);
    }
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('current image with 3 vulnerabilities cannot be pulled');
  }, 240_000);

  it('compose stop and start: healthy again with the image still there', async () => {
    expect((await composeRun('stop')).code).toBe(0);
    expect(await health()).toBe('unreachable');
    expect((await composeRun('start')).code).toBe(0);
    await waitHealthy();
    await waitAllHealthy();
    const artifact = await api('GET', '/projects/library/repositories/compose-e2e/artifacts/1');
    expect(artifact.status).toBe(200);
  });

  it('compose down and up -d keep the data', async () => {
    expect((await composeRun('down')).code).toBe(0);
    expect((await composeRun('up', '-d')).code).toBe(0);
    await waitHealthy();
    const tags = await api('GET', '/projects/library/repositories/compose-e2e/artifacts?page_size=10');
    expect(tags.status).toBe(200);
    const names = (tags.body as { tags: { name: string }[] | null }[])
      .flatMap((a) => a.tags ?? [])
      .map((t) => t.name);
    expect(names.sort()).toEqual(['1', 'gone']);
    expect((await docker('pull', `${repository()}:1`)).code).toBe(0);
  });

  it('a GC run through the API deletes the blobs of a deleted image', async () => {
    const before = blobFiles().length;
    expect((await api('DELETE', '/projects/library/repositories/compose-e2e/artifacts/gone')).status).toBe(
      200,
    );
    const started = await api('POST', '/system/gc/schedule', {
      schedule: { type: 'Manual' },
      parameters: { delete_untagged: true, workers: 1, time_window: 0 },
    });
    expect(started.status).toBe(201);
    const [latest] = (await api('GET', '/system/gc?page_size=1')).body as { id: number }[];
    const deadline = Date.now() + 120_000;
    let status = '';
    while (!['Success', 'Error', 'Stopped'].includes(status)) {
      if (Date.now() > deadline) throw new Error(`GC still ${status}`);
      await sleep(1000);
      status = ((await api('GET', `/system/gc/${latest!.id}`)).body as { job_status: string }).job_status;
    }
    expect(status).toBe('Success');
    // The deleted image's manifest, config and layer are gone; the kept image's remain.
    expect(blobFiles().length).toBeLessThan(before);
    expect((await docker('pull', `${repository()}:1`)).code).toBe(0);
  });

  it('a killed container restarts by itself', async () => {
    const id = (await composeRun('ps', '-q', 'core')).stdout.trim();
    const pid = runSync('docker', ['inspect', '-f', '{{.State.Pid}}', id]).stdout.trim();
    expect(Number(pid)).toBeGreaterThan(0);
    process.kill(Number(pid), 'SIGKILL');
    await sleep(2000);
    await waitHealthy();
    const restarts = runSync('docker', ['inspect', '-f', '{{.RestartCount}}', id]).stdout.trim();
    expect(Number(restarts)).toBeGreaterThanOrEqual(1);
  });

  it(
    'the offline bundle: one script makes it, and its install.sh loads the images and starts on the same data',
    async () => {
      const version = /HARBOR_TS_VERSION = '(.+)'/.exec(
        readFileSync(join(REPO_ROOT, 'packages/config/src/version.ts'), 'utf8'),
      )![1]!;
      const out = join(dir, 'offline');
      const made = await run(join(REPO_ROOT, 'deploy/docker/make-offline-bundle.sh'), [
        '--no-build',
        '--out',
        out,
      ]);
      expect(made.code, made.stderr).toBe(0);
      expect(
        runSync('tar', ['-C', out, '-xzf', join(out, `harbor-ts-offline-installer-${version}.tgz`)]).code,
      ).toBe(0);
      expect(readdirSync(join(out, 'harbor-ts'))).toEqual(
        expect.arrayContaining(['install.sh', 'prepare', 'harbor.yml.tmpl', `harbor-ts.${version}.tar.gz`]),
      );

      // A host that has never seen an image: one of them is gone until the bundle loads it.
      expect((await composeRun('down')).code).toBe(0);
      expect(runSync('docker', ['rmi', `harbor-ts/redis:${version}`]).code).toBe(0);
      const install = await run(join(out, 'harbor-ts', 'install.sh'), ['--conf', conf, '--with-trivy']);
      const output = install.stdout + install.stderr;
      expect(install.code, output.slice(-4000)).toBe(0);
      expect(output).toContain(`Loaded image: harbor-ts/redis:${version}`);
      expect(output).not.toContain('building images');
      expect(output).toContain('harbor-ts is healthy');
      expect((await docker('pull', `${repository()}:1`)).code).toBe(0);
    },
    INSTALL_TIMEOUT_MS,
  );
});
