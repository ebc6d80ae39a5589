import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** The repository this package lives in (packages/testing/{src,dist} → three levels up). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface NativeStack {
  /** http://127.0.0.1:<port>, nginx in front of everything. */
  url: string;
  /** `127.0.0.1:<port>`, what docker and skopeo call the registry. */
  registryHost: string;
  port: number;
  /** The instance's directory: harbor.yml, data volume and logs. */
  dir: string;
  conf: string;
  adminPassword: string;
  stop(): Promise<void>;
}

export interface NativeStackOptions {
  adminPassword?: string;
  /** Keep the directory after stop(), to read the logs. */
  keepDir?: boolean;
  /** Install with `--with-trivy`: harbor-ts's scanner adapter, registered as "Trivy". */
  withTrivy?: boolean;
  /** harbor.yml's `metric` block, enabled on this port (Prometheus metrics on their own listener). */
  metricPort?: number;
}

/**
 * A whole harbor-ts instance run natively from harbor.yml.tmpl: http only on a free port of
 * 127.0.0.1, data and logs in a temp dir (short, because Unix socket paths are limited to 107 bytes).
 */
export async function startNativeStack(options: NativeStackOptions = {}): Promise<NativeStack> {
  const dir = mkdtempSync('/tmp/hts-');
  // postgres and nginx run as other users and must traverse it (mkdtemp creates it 0700).
  chmodSync(dir, 0o755);
  const port = await freePort();
  const adminPassword = options.adminPassword ?? 'Harbor12345';
  const conf = join(dir, 'harbor.yml');
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'log'));
  writeFileSync(
    conf,
    harborYml(readFileSync(join(REPO_ROOT, 'harbor.yml.tmpl'), 'utf8'), { dir, port, adminPassword }) +
      (options.metricPort
        ? `\nmetric:\n  enabled: true\n  port: ${options.metricPort}\n  path: /metrics\n`
        : ''),
  );
  const harborctl = join(REPO_ROOT, 'deploy/native/harborctl');
  const stop = async () => {
    await run(harborctl, ['--conf', conf, 'stop'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const args = ['--native', '--conf', conf, ...(options.withTrivy ? ['--with-trivy'] : [])];
    await run(join(REPO_ROOT, 'install.sh'), args, { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    await stop().catch(() => undefined);
    throw new Error(`install.sh --native failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    registryHost: `127.0.0.1:${port}`,
    port,
    dir,
    conf,
    adminPassword,
    stop,
  };
}

/** harbor.yml.tmpl with hostname, http port, paths and password set, and the https block removed. */
export function harborYml(
  template: string,
  values: { dir: string; port: number; adminPassword: string },
): string {
  return template
    .replace(/^hostname: .*$/m, 'hostname: 127.0.0.1')
    .replace(/^(http:\n(?:\s*#.*\n)*\s+port:) \d+$/m, `$1 ${values.port}`)
    .replace(/^https:\n(?:[ \t]+.*\n)*/m, '')
    .replace(/^data_volume: .*$/m, `data_volume: ${join(values.dir, 'data')}`)
    .replace(/^(\s+location:) \/var\/log\/harbor$/m, `$1 ${join(values.dir, 'log')}`)
    .replace(/^harbor_admin_password: .*$/m, `harbor_admin_password: ${values.adminPassword}`);
}
