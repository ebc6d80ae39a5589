import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HARBORCTL,
  PREPARE,
  REPO_ROOT,
  freePort,
  processesMentioning,
  removeDir,
  runSync,
  tempDir,
  writeHarborYml,
  type Health,
} from './support/harness.js';

const SUPERVISE = join(REPO_ROOT, 'deploy/native/supervise');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
};

async function until<T>(
  what: string,
  seconds: number,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
    await sleep(200);
  }
}

describe('deploy/native/supervise', () => {
  let dir: string;
  let supervisor = 0;
  beforeAll(() => {
    dir = tempDir('hts-sup-');
  });
  afterAll(() => {
    if (supervisor && alive(supervisor)) process.kill(-supervisor, 'SIGKILL'); // a failed test's leftover
    removeDir(dir);
  });

  it('restarts a command that keeps crashing with a doubling delay up to the cap, logging each restart', async () => {
    const [log, appPid, up, runs] = ['log', 'app.pid', 'up', 'runs'].map((f) => join(dir, f)) as [
      string,
      string,
      string,
      string,
    ];
    writeFileSync(up, '');
    const started = Date.now();
    // detached: supervise leads its own process group, as harborctl's setsid gives it.
    supervisor = spawn(SUPERVISE, ['flaky', appPid, up, '--', 'sh', '-c', `echo run >> ${runs}; exit 3`], {
      detached: true,
      stdio: ['ignore', 'ignore', openSync(log, 'a')],
      env: { ...process.env, HARBOR_SUPERVISE_MAX_DELAY: '2' },
    }).pid!;
    await until('4 runs', 15, () =>
      existsSync(runs) && readFileSync(runs, 'utf8').split('\n').length > 4 ? true : undefined,
    );
    // Runs at 0, 1, 3 (1+2) and 5 (cap 2) seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
    process.kill(-supervisor, 'SIGTERM');
    await until('supervise to exit', 5, () => (alive(supervisor) ? undefined : true));
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(lines.slice(0, 3).map((l) => l.replace(/^\S+ /, ''))).toEqual([
      'supervise: flaky exited with code 3; restarting in 1s',
      'supervise: flaky exited with code 3; restarting in 2s',
      'supervise: flaky exited with code 3; restarting in 2s',
    ]);
  });

  it('passes a crash on through before the component was marked up (a failed start)', () => {
    const result = runSync(SUPERVISE, [
      'early',
      join(dir, 'early.pid'),
      join(dir, 'never-up'),
      '--',
      'sh',
      '-c',
      'exit 7',
    ]);
    expect(result.code).toBe(7);
    expect(result.stderr).not.toContain('restarting');
  });
});

describe('native mode restarts a crashed component by itself', () => {
  let dir: string;
  let conf: string;
  let base: string;
  let env: { PID_DIR: string; LOG_DIR: string };

  beforeAll(async () => {
    dir = tempDir('hts-crash-');
    const port = await freePort();
    conf = writeHarborYml({ dir, httpPort: port });
    base = `http://127.0.0.1:${port}`;
    // prepare + harborctl start, as install.sh --native does, without its workspace build.
    expect(runSync(PREPARE, ['--native', '--conf', conf]).code).toBe(0);
    const started = runSync(HARBORCTL, ['--conf', conf, 'start']);
    if (started.code !== 0) console.log(started.stdout, started.stderr);
    expect(started.code).toBe(0);
    const read = runSync('bash', [
      '-c',
      `source ${join(dir, 'common/config/native/instance.env')} && echo "$PID_DIR" && echo "$LOG_DIR"`,
    ]);
    const [PID_DIR = '', LOG_DIR = ''] = read.stdout.trim().split('\n');
    env = { PID_DIR, LOG_DIR };
  }, 300_000);

  afterAll(() => {
    runSync(HARBORCTL, ['--conf', conf, 'stop']);
    removeDir(dir);
  });

  const healthy = async () => {
    try {
      const response = await fetch(`${base}/api/v2.0/health`);
      const body = (await response.json()) as Health;
      return body.status === 'healthy' && body.components.every((c) => c.status === 'healthy')
        ? true
        : undefined;
    } catch {
      return undefined;
    }
  };
  const appPid = (name: string) => {
    const file = join(env.PID_DIR, `${name}.app.pid`);
    return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
  };

  it.each(['core', 'registry', 'registryctl', 'jobservice', 'redis'])(
    '%s killed with SIGKILL comes back, and the instance is healthy again',
    async (name) => {
      await until('health before the kill', 60, healthy);
      const victim = appPid(name);
      expect(victim).toBeGreaterThan(0);
      const killedAt = Date.now();
      process.kill(victim!, 'SIGKILL');
      const successor = await until(`a new ${name}`, 30, () => {
        const pid = appPid(name);
        return pid && pid !== victim && alive(pid) ? pid : undefined;
      });
      expect(alive(victim!)).toBe(false);
      await until('health after the restart', 90, healthy);
      console.log(`${name}: pid ${victim} → ${successor}, healthy again after ${Date.now() - killedAt} ms`);
      const log = readFileSync(join(env.LOG_DIR, `${name}.log`), 'utf8');
      expect(log).toMatch(
        new RegExp(`supervise: ${name} exited with code 137 \\(SIGKILL\\); restarting in 1s`),
      );
      expect(runSync(HARBORCTL, ['--conf', conf, 'status']).stdout).toMatch(
        new RegExp(`${name}\\s+running\\s+pid ${successor} `),
      );
    },
  );

  it('harborctl stop stops the supervisors too: nothing restarts and nothing is left', async () => {
    expect(runSync(HARBORCTL, ['--conf', conf, 'stop']).code).toBe(0);
    await sleep(2500); // longer than the first backoff: a supervisor that restarted would show by now
    expect(processesMentioning(dir)).toEqual([]);
  });
});
