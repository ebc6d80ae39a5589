// bench/gc: harbor-ts GC against distribution's `garbage-collect --delete-untagged` on identical copies
// of one storage: BENCH_GC_GARBAGE (100k) unreferenced small blobs and BENCH_GC_REPOS × BENCH_GC_LAYERS
// (100 × 100 = 10k) referenced layers, in distribution's layout, with the matching rows for harbor-ts.
// Needs a built workspace, Postgres (HARBOR_TEST_PG_URL) and /usr/bin/docker-registry. Not a CI test.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import {
  claimTask,
  createExecution,
  dataSourceOptions,
  getExecution,
  mergeExecutionAttrs,
  Trigger,
} from '@harbor-ts/db';
import { gcParamsSchema } from '@harbor-ts/jobs';
import { createTestDatabase, startRegistryctl, TEST_INTERNAL_SECRETS } from '@harbor-ts/testing';
import { GarbageBlobsStep } from '../../apps/jobservice/dist/jobs/garbage-collection/garbage-blobs.step.js';
import { GarbageCollectionHandler } from '../../apps/jobservice/dist/jobs/garbage-collection/garbage-collection.handler.js';
import { RegistryctlClient } from '../../apps/jobservice/dist/jobs/garbage-collection/registryctl-client.js';
import { TrashedManifestsStep } from '../../apps/jobservice/dist/jobs/garbage-collection/trashed-manifests.step.js';
import { UntaggedArtifactsStep } from '../../apps/jobservice/dist/jobs/garbage-collection/untagged-artifacts.step.js';
import { TaskLog } from '../../apps/jobservice/dist/runner/task-log.js';

const GARBAGE = Number(process.env.BENCH_GC_GARBAGE ?? 100_000);
const REPOS = Number(process.env.BENCH_GC_REPOS ?? 100);
const LAYERS = Number(process.env.BENCH_GC_LAYERS ?? 100);
const WORKERS = Number(process.env.BENCH_GC_WORKERS ?? 4);
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
const v2 = (root) => join(root, 'docker/registry/v2');

function writeBlob(root, bytes) {
  const hex = sha(bytes);
  const dir = join(v2(root), 'blobs/sha256', hex.slice(0, 2), hex);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'data'), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

function writeLink(root, path, digest) {
  mkdirSync(join(v2(root), path), { recursive: true });
  writeFileSync(join(v2(root), path, 'link'), digest);
}

function countBlobs(root) {
  let n = 0;
  const base = join(v2(root), 'blobs/sha256');
  for (const shard of readdirSync(base)) {
    for (const hex of readdirSync(join(base, shard))) {
      try {
        if (readdirSync(join(base, shard, hex)).includes('data')) n++;
      } catch {
        /* removed meanwhile */
      }
    }
  }
  return n;
}

async function seed(root, db) {
  const rows = { digest: [], type: [], size: [] };
  const row = (b, type) => (rows.digest.push(b.digest), rows.type.push(type), rows.size.push(b.size));
  const artifacts = [];
  for (let r = 0; r < REPOS; r++) {
    const repo = `library/app${r}`;
    const config = writeBlob(root, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', r })));
    row(config, 'application/vnd.docker.container.image.v1+json');
    const layers = [];
    for (let l = 0; l < LAYERS; l++) {
      const layer = writeBlob(root, randomBytes(256));
      row(layer, 'application/vnd.docker.image.rootfs.diff.tar.gzip');
      layers.push(layer);
      writeLink(root, `repositories/${repo}/_layers/${layer.digest.replace(':', '/')}`, layer.digest);
    }
    writeLink(root, `repositories/${repo}/_layers/${config.digest.replace(':', '/')}`, config.digest);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST,
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          digest: config.digest,
          size: config.size,
        },
        layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...l })),
      }),
    );
    const m = writeBlob(root, manifest);
    row(m, DOCKER_MANIFEST);
    writeLink(root, `repositories/${repo}/_manifests/revisions/${m.digest.replace(':', '/')}`, m.digest);
    writeLink(root, `repositories/${repo}/_manifests/tags/latest/current`, m.digest);
    writeLink(
      root,
      `repositories/${repo}/_manifests/tags/latest/index/${m.digest.replace(':', '/')}`,
      m.digest,
    );
    artifacts.push({
      repo,
      digest: m.digest,
      blobs: [m.digest, config.digest, ...layers.map((l) => l.digest)],
    });
  }
  for (let g = 0; g < GARBAGE; g++) {
    const blob = writeBlob(root, randomBytes(256));
    row(blob, 'application/octet-stream');
    writeLink(root, `repositories/library/garbage/_layers/${blob.digest.replace(':', '/')}`, blob.digest);
  }
  await db.query(`INSERT INTO harbor_user (username) VALUES ('admin')`);
  await db.query(`INSERT INTO project (project_id, owner_id, name) VALUES (1, 1, 'library')`);
  for (let at = 0; at < rows.digest.length; at += 20_000) {
    await db.query(
      `INSERT INTO blob (digest, content_type, size, update_time)
       SELECT * , now() - interval '3 hours' FROM unnest($1::varchar[], $2::varchar[], $3::bigint[])`,
      [
        rows.digest.slice(at, at + 20_000),
        rows.type.slice(at, at + 20_000),
        rows.size.slice(at, at + 20_000),
      ],
    );
  }
  for (const a of artifacts) {
    const [repo] = await db.query(
      'INSERT INTO repository (name, project_id) VALUES ($1, 1) RETURNING repository_id',
      [a.repo],
    );
    await db.query(
      `INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type)
       VALUES (1, $1, $2, $3, 'IMAGE', $4, $4)`,
      [repo.repository_id, a.repo, a.digest, DOCKER_MANIFEST],
    );
    await db.query('INSERT INTO artifact_blob (digest_af, digest_blob) SELECT $1, unnest($2::varchar[])', [
      a.digest,
      a.blobs,
    ]);
  }
  await db.query('ANALYZE');
}

/** BENCH_GC_PROFILE=1: wall time spent in each kind of SQL statement and in registryctl calls. */
function profile(db, client) {
  const spent = new Map();
  const timed =
    (name, fn) =>
    async (...args) => {
      const t = process.hrtime.bigint();
      try {
        return await fn(...args);
      } finally {
        spent.set(name, (spent.get(name) ?? 0) + Number(process.hrtime.bigint() - t) / 1e6);
      }
    };
  const query = db.query.bind(db);
  db.query = (sql, ...rest) => timed(sql.replace(/\s+/g, ' ').trim().slice(0, 60), query)(sql, ...rest);
  client.deleteBlobs = timed('registryctl deleteBlobs', client.deleteBlobs.bind(client));
  return () =>
    [...spent]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`);
}

async function harborGc(root, db) {
  const registryctl = await startRegistryctl(root);
  const client = new RegistryctlClient({ registryctl: registryctl.endpoint, secrets: TEST_INTERNAL_SECRETS });
  const handler = new GarbageCollectionHandler(
    db,
    client,
    new UntaggedArtifactsStep(),
    new TrashedManifestsStep(),
    new GarbageBlobsStep(),
  );
  const report = process.env.BENCH_GC_PROFILE ? profile(db, client) : undefined;
  const params = { workers: WORKERS };
  const { executionId, taskIds } = await createExecution(
    db,
    { vendorType: 'GARBAGE_COLLECTION', trigger: Trigger.Manual },
    [{ parameters: params }],
  );
  await claimTask(db, taskIds[0], 'bench');
  const log = new TaskLog(db, taskIds[0], pino({ level: process.env.BENCH_GC_VERBOSE ? 'info' : 'silent' }));
  const started = process.hrtime.bigint();
  await handler.run({
    taskId: taskIds[0],
    executionId,
    attempt: 1,
    params: gcParamsSchema.parse(params),
    signal: new AbortController().signal,
    log,
    report: (attrs) => mergeExecutionAttrs(db, executionId, attrs),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (report) console.error(report().join('\n'));
  await log.close();
  await client.close();
  await registryctl.stop();
  return { seconds, attrs: (await getExecution(db, executionId)).extra_attrs };
}

function distributionGc(root, dir) {
  const config = join(dir, 'distribution.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${root}\n  delete:\n    enabled: true\n`,
  );
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/docker-registry', ['garbage-collect', '--delete-untagged', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`distribution gc failed: ${run.stderr}`);
  return { seconds };
}

const dir = mkdtempSync(join(process.env.BENCH_GC_DIR ?? tmpdir(), 'bench-gc-'));
const ours = join(dir, 'harbor-ts');
const theirs = join(dir, 'distribution');
const database = await createTestDatabase('bench_gc');
const db = new DataSource(dataSourceOptions(database.config, { runMigrations: true }));
try {
  await db.initialize();
  console.error(`seeding ${GARBAGE} unreferenced and ${REPOS * LAYERS} referenced blobs...`);
  await seed(ours, db);
  execFileSync('cp', ['-a', ours, theirs]);
  execFileSync('sync');
  const before = countBlobs(ours);
  const h = await harborGc(ours, db);
  execFileSync('sync');
  const d = distributionGc(theirs, dir);
  const left = { ours: countBlobs(ours), theirs: countBlobs(theirs) };
  console.log(
    `blobs before: ${before}; after harbor-ts GC: ${left.ours}; after distribution GC: ${left.theirs}`,
  );
  console.log(`harbor-ts report: ${JSON.stringify(h.attrs)} (workers ${WORKERS})`);
  console.log('measure                         harbor-ts     distribution   ratio    target');
  console.log(
    `sweep ${GARBAGE} of ${before} blobs     ${h.seconds.toFixed(1).padStart(7)} s   ${d.seconds.toFixed(1).padStart(9)} s   ` +
      `${(d.seconds / h.seconds).toFixed(2)}×    < 60 s, ≥ 3×`,
  );
  if (left.ours !== left.theirs) console.log('WARNING: the two collectors kept different numbers of blobs');
} finally {
  await db.destroy().catch(() => {});
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
