#!/usr/bin/env node
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadHarborYml } from '@harbor-ts/config';
import { parseArgs, UsageError, USAGE, type PrepareArgs } from './args.js';
import { buildLayout, type Layout } from './layout.js';
import { writeOutputs } from './output.js';
import { containerOwner, renderAll } from './render/index.js';
import { freeLoopbackPort } from './free-port.js';
import { loadOrCreateSecrets } from './secrets.js';
import { generateCertificates } from './certs/gen-certs.js';

async function prepare(args: PrepareArgs): Promise<void> {
  // Validate and render everything in memory first: a bad harbor.yml must leave no file behind.
  const yml = loadHarborYml(args.conf);
  // Native mode runs harbor-ts's own adapter on a loopback port, chosen free now.
  const trivyPort = args.native && args.withTrivy ? await freeLoopbackPort() : undefined;
  const layout = buildLayout(yml, args.conf, args.native ? 'native' : 'docker', args.withTrivy, trivyPort);
  const { secrets, files: secretFiles } = await loadOrCreateSecrets(layout.host.secretDir);
  const files = renderAll(layout, secrets, args.withTrivy);

  // data_volume stays searchable (postgres and nginx workers run as other users); secret/ does not.
  mkdirSync(layout.host.dataVolume, { recursive: true, mode: 0o755 });
  mkdirSync(layout.host.secretDir, { recursive: true, mode: 0o700 });
  chmodSync(layout.host.secretDir, 0o700);
  writeOutputs([...secretFiles, ...files]);
  if (layout.mode === 'docker') shareDataWithContainers(layout);
  else createNativeRunDirs(layout);

  for (const file of secretFiles) console.log(`Generated secret: ${file.path}`);
  for (const file of files) console.log(`Generated configuration file: ${file.path}`);
  console.log(`Prepared ${layout.mode} deployment of ${args.conf}`);
}

/**
 * The folders nginx needs even for `nginx -t` (pid, temp paths, logs). run/ is 0755 so nginx workers
 * (www-data when started as root) can reach the service sockets inside it.
 */
function createNativeRunDirs(layout: Layout): void {
  const { dataVolume, runDir, logDir } = layout.host;
  // Where users put the scanner's databases, as in Harbor's offline guides.
  const scanner = layout.trivy
    ? [join(dataVolume, 'trivy-adapter', 'trivy', 'db'), join(dataVolume, 'trivy-adapter', 'osv')]
    : [];
  for (const dir of [
    dataVolume,
    runDir,
    join(runDir, 'pids'),
    join(dataVolume, 'nginx'),
    logDir,
    ...scanner,
  ]) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
  }
  chmodSync(runDir, 0o755);
}

/** Containers run as an unprivileged uid: give it the folders and secrets it must read or write. */
function shareDataWithContainers(layout: Layout): void {
  const owner = containerOwner(layout);
  if (!owner || process.getuid?.() !== 0) return;
  const scanner = join(layout.host.dataVolume, 'trivy-adapter');
  const dirs = [
    layout.host.storageRoot,
    layout.host.logDir,
    join(layout.host.dataVolume, 'job_logs'),
    ...(layout.trivy
      ? [scanner, join(scanner, 'trivy'), join(scanner, 'trivy', 'db'), join(scanner, 'osv')]
      : []),
  ];
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    chownSync(dir, owner.uid, owner.gid);
  }
  for (const sub of ['core', 'registry']) {
    const dir = join(layout.host.secretDir, sub);
    if (!existsSync(dir)) continue;
    chownSync(dir, owner.uid, owner.gid);
    for (const name of readdirSync(dir)) chownSync(join(dir, name), owner.uid, owner.gid);
  }
}

async function main(): Promise<number> {
  let args: PrepareArgs | 'help';
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`prepare: ${error.message}\n${USAGE}`);
    return 1;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    if (args.genCerts) process.stdout.write(await generateCertificates(args.conf, args.force));
    else await prepare(args);
    return 0;
  } catch (error) {
    const message =
      error instanceof ConfigError ? error.message : `${args.conf}: ${(error as Error).message}`;
    process.stderr.write(`prepare: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main();
