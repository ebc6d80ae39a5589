import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HARBORCTL,
  PREPARE,
  freePort,
  removeDir,
  runSync,
  tempDir,
  writeHarborYml,
  type Health,
} from './support/harness.js';

// Docker treats 127.0.0.0/8 as an insecure registry (it would skip certificate checks), so the
// instance is reached on the machine's own address, where only a trusted CA lets docker in.
const hostAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
const dockerWorks = runSync('docker', ['info']).code === 0;

const ADMIN_PASSWORD = 'Harbor12345';

function docker(config: string, args: string[], input?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'docker',
      args,
      { env: { ...process.env, DOCKER_CONFIG: config } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number | undefined) ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
    child.stdin?.end(input ?? '');
  });
}

describe.skipIf(!hostAddress || !dockerWorks)(
  './prepare --gen-certs, then docker over https with its CA',
  () => {
    let dir: string;
    let conf: string;
    let hostPort: string;
    let certsDir: string;
    let dockerConfig: string;
    let caFile: string;
    const certsRoot = '/etc/docker/certs.d';
    const hadCertsRoot = existsSync(certsRoot);
    const image = () => `${hostPort}/tls-e2e/hello:1`;

    beforeAll(async () => {
      dir = tempDir('hts-certs-');
      const [httpPort, httpsPort] = [await freePort(), await freePort()];
      hostPort = `${hostAddress}:${httpsPort}`;
      certsDir = join(certsRoot, hostPort);
      caFile = join(dir, 'tls', 'ca.crt');
      dockerConfig = mkdtempSync(join(tmpdir(), 'hts-certs-docker-'));
      conf = writeHarborYml({
        dir,
        httpPort,
        edit: (doc) => {
          doc.set('hostname', hostAddress);
          doc.set('https', {
            port: httpsPort,
            certificate: join(dir, 'tls', 'server.crt'),
            private_key: join(dir, 'tls', 'server.key'),
          });
        },
      });
    });

    afterAll(async () => {
      removeDir(certsDir);
      if (!hadCertsRoot) removeDir(certsRoot); // leave the engine's folders as they were
      await docker(dockerConfig, ['rmi', '-f', image()]);
      removeDir(dockerConfig);
      runSync(HARBORCTL, ['--conf', conf, 'stop']);
      removeDir(dir);
    });

    it('writes the certificates where https points and prints the docker and containerd steps', () => {
      const made = runSync(PREPARE, ['--gen-certs', '--conf', conf]);
      expect(made.stderr).toBe('');
      expect(made.code).toBe(0);
      expect(made.stdout).toContain(`sudo cp ${caFile} ${certsDir}/ca.crt`);
      expect(made.stdout).toContain(`/etc/containerd/certs.d/${hostPort}/hosts.toml`);
      expect(existsSync(join(dir, 'tls', 'server.key'))).toBe(true);
      const verify = runSync('openssl', ['verify', '-CAfile', caFile, join(dir, 'tls', 'server.crt')]);
      expect(verify.stdout).toContain(': OK');
    });

    it('starts, and serves https that verifies against the CA for the host address', async () => {
      // prepare + harborctl start, as install.sh --native does, without its workspace build.
      expect(runSync(PREPARE, ['--native', '--conf', conf]).code).toBe(0);
      const started = runSync(HARBORCTL, ['--conf', conf, 'start']);
      if (started.code !== 0) console.log(started.stdout, started.stderr);
      expect(started.code).toBe(0);
      let health: { status?: string } = {};
      for (let attempt = 0; attempt < 120 && health.status !== 'healthy'; attempt++) {
        await sleep(500);
        const answer = runSync('curl', ['-sS', '--cacert', caFile, `https://${hostPort}/api/v2.0/health`]);
        if (answer.code === 0) health = JSON.parse(answer.stdout) as Health;
        else expect(answer.stderr).not.toMatch(/certificate|SSL/); // a refused connection is fine; TLS errors are not
      }
      expect(health.status).toBe('healthy');
    });

    it('docker refuses the registry until the CA is in certs.d, then logs in and pushes over https', async () => {
      const denied = await docker(
        dockerConfig,
        ['login', hostPort, '-u', 'admin', '--password-stdin'],
        ADMIN_PASSWORD,
      );
      expect(denied.code).not.toBe(0);
      expect(denied.out).toMatch(/x509|certificate/);

      // The steps --gen-certs printed.
      mkdirSync(certsDir, { recursive: true });
      copyFileSync(caFile, join(certsDir, 'ca.crt'));
      const login = await docker(
        dockerConfig,
        ['login', hostPort, '-u', 'admin', '--password-stdin'],
        ADMIN_PASSWORD,
      );
      expect(login.out).toContain('Login Succeeded');

      const project = runSync('curl', [
        '-sS',
        '--cacert',
        caFile,
        '-u',
        `admin:${ADMIN_PASSWORD}`,
        '-H',
        'Content-Type: application/json',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-d',
        '{"project_name":"tls-e2e","metadata":{"public":"false"}}',
        `https://${hostPort}/api/v2.0/projects`,
      ]);
      expect(project.stdout).toBe('201');
      const rootfs = join(dir, 'rootfs');
      mkdirSync(rootfs);
      writeFileSync(join(rootfs, 'hello.txt'), 'hello over https\n');
      const tar = runSync('bash', ['-c', `tar -C ${rootfs} -cf - . | docker import - ${image()}`]);
      expect(tar.code).toBe(0);
      const push = await docker(dockerConfig, ['push', image()]);
      expect(push.out).toMatch(/1: digest: sha256:[0-9a-f]{64}/);

      const artifacts = runSync('curl', [
        '-sS',
        '--cacert',
        caFile,
        '-u',
        `admin:${ADMIN_PASSWORD}`,
        `https://${hostPort}/api/v2.0/projects/tls-e2e/repositories/hello/artifacts`,
      ]);
      const list = JSON.parse(artifacts.stdout) as { tags: { name: string }[] | null }[];
      expect(list.flatMap((a) => a.tags ?? []).map((t) => t.name)).toEqual(['1']);
    });
  },
);
