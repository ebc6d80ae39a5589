import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HARBORCTL,
  PREPARE,
  freePort,
  processesMentioning,
  removeDir,
  runSync,
  tempDir,
  writeHarborYml,
} from './support/harness.js';

// A start that fails half-way must not leave postgres, redis or the services it already started
// running: the user fixes the cause and runs start again on a clean slate.
describe('harborctl start stops what it started when a later step fails', () => {
  let dir: string;
  let conf: string;
  let port: number;
  let coreConfig: string;

  beforeAll(async () => {
    dir = tempDir('hts-undo-');
    port = await freePort();
    conf = writeHarborYml({ dir, httpPort: port });
    expect(runSync(PREPARE, ['--native', '--conf', conf]).code).toBe(0);
    coreConfig = join(dir, 'common/config/core/config.yml');
  });

  afterAll(() => {
    runSync(HARBORCTL, ['--conf', conf, 'stop']);
    removeDir(dir);
  });

  const start = () => runSync(HARBORCTL, ['--conf', conf, 'start']);

  const expectNothingLeft = () => {
    expect(processesMentioning(dir)).toEqual([]);
    const status = runSync(HARBORCTL, ['--conf', conf, 'status']);
    expect(status.code).not.toBe(0);
    expect(status.stdout).not.toMatch(/running|restarting/);
  };

  it('core with an invalid configuration: start fails and postgres, redis, registry and registryctl are stopped', () => {
    const valid = readFileSync(coreConfig, 'utf8');
    writeFileSync(coreConfig, 'database: [this is not a core configuration\n');
    try {
      const result = start();
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('core exited during start');
      expect(result.stderr).toMatch(
        /stopping what it started: postgresql redis registry registryctl( trivy-adapter)? core/,
      );
      expectNothingLeft();
    } finally {
      writeFileSync(coreConfig, valid);
    }
  });

  it("nginx's port taken by another program: start fails once nginx gives up, and everything is stopped", async () => {
    const squatter: Server = createServer();
    await new Promise<void>((done) => squatter.listen(port, done));
    try {
      const result = start();
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('nginx exited during start');
      expect(result.stderr).toMatch(/stopping what it started: postgresql .*core jobservice nginx/);
      expect(result.stdout).not.toContain('harbor-ts started');
      expectNothingLeft();
    } finally {
      await new Promise((done) => squatter.close(done));
    }
  });

  it('with the cause fixed, the next start brings everything up', () => {
    const result = start();
    if (result.code !== 0) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(runSync(HARBORCTL, ['--conf', conf, 'status']).code).toBe(0);
    expect(runSync(HARBORCTL, ['--conf', conf, 'stop']).code).toBe(0);
    expect(processesMentioning(dir)).toEqual([]);
  });
});
