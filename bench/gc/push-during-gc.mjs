// bench/gc, second half: push latency while harbor-ts collects garbage. A whole native stack (nginx,
// core, registry, registryctl, jobservice) gets BENCH_GC_GARBAGE (100k) unreferenced blobs in its
// storage and database; small images are pushed one after another, first idle, then while "GC now"
// runs through the API; every image pushed during the GC must still be complete afterwards.
// Needs a built workspace and what `install.sh --native` needs. Not a CI test.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startNativeStack } from '@harbor-ts/testing';
import { ADMIN, OCI_MANIFEST, percentile, pushImage, sha256, token } from '../lib/small-image-push.mjs';

const GARBAGE = Number(process.env.BENCH_GC_GARBAGE ?? 100_000);
const IDLE_PUSHES = Number(process.env.BENCH_GC_IDLE_PUSHES ?? 40);

/** Unreferenced 256-byte blobs, written as distribution lays them out, with rows 3 hours old. */
async function seedGarbage(stack, db) {
  const v2 = join(stack.dir, 'data/registry/docker/registry/v2');
  const digests = [];
  for (let g = 0; g < GARBAGE; g++) {
    const bytes = randomBytes(256);
    const digest = sha256(bytes);
    const dir = join(v2, 'blobs/sha256', digest.slice(7, 9), digest.slice(7));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'data'), bytes);
    digests.push(digest);
  }
  for (let at = 0; at < digests.length; at += 20_000) {
    await db.query(
      `INSERT INTO blob (digest, content_type, size, update_time)
       SELECT d, 'application/octet-stream', 256, now() - interval '3 hours' FROM unnest($1::varchar[]) AS d`,
      [digests.slice(at, at + 20_000)],
    );
  }
}

/** Pulled back as a client would: the manifest by tag, then every blob, byte-exact. */
async function pullsByteExact(stack, { repository, tag, blobs }) {
  const auth = await token(stack, repository);
  const manifest = await fetch(`${stack.url}/v2/${repository}/manifests/${tag}`, {
    headers: { authorization: auth, accept: OCI_MANIFEST },
  });
  if (manifest.status !== 200) return false;
  await manifest.arrayBuffer();
  for (const digest of blobs) {
    const blob = await fetch(`${stack.url}/v2/${repository}/blobs/${digest}`, {
      headers: { authorization: auth },
    });
    if (blob.status !== 200 || sha256(Buffer.from(await blob.arrayBuffer())) !== digest) return false;
  }
  return true;
}

async function api(stack, method, path, body) {
  const response = await fetch(`${stack.url}/api/v2.0${path}`, {
    method,
    headers: { authorization: ADMIN, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

console.error('starting the native stack…');
const stack = await startNativeStack();
const db = new pg.Client({
  host: join(stack.dir, 'data/run/postgresql'),
  user: 'postgres',
  database: 'registry',
});
try {
  await db.connect();
  console.error(`seeding ${GARBAGE} unreferenced blobs…`);
  await seedGarbage(stack, db);
  await db.query('ANALYZE blob');

  const idle = [];
  for (let i = 0; i < IDLE_PUSHES; i++) idle.push(await pushImage(stack, `library/idle${i % 4}`, `v${i}`));

  const started = await api(stack, 'POST', '/system/gc/schedule', {
    schedule: { type: 'Manual' },
    parameters: { workers: 4, delete_untagged: false },
  });
  if (started.status !== 201)
    throw new Error(`GC not started: ${started.status} ${JSON.stringify(started.body)}`);
  const gcStart = Date.now();
  const [{ id }] = (await api(stack, 'GET', '/system/gc?page_size=1')).body;
  const during = [];
  let run;
  for (let i = 0; ; i++) {
    run = (await api(stack, 'GET', `/system/gc/${id}`)).body;
    if (['Success', 'Error', 'Stopped'].includes(run.job_status)) break;
    during.push(await pushImage(stack, `library/during${i % 4}`, `v${i}`));
  }
  const gcSeconds = (Date.now() - gcStart) / 1000;
  let complete = 0;
  for (const image of during) if (await pullsByteExact(stack, image)) complete++;
  const ms = (images, p) =>
    percentile(
      images.map((i) => i.ms),
      p,
    ).toFixed(1);

  console.log(`GC run ${id}: ${run.job_status}, ${run.job_parameters}; ${gcSeconds.toFixed(1)} s`);
  console.log('push of a small image (token, 3 blobs, manifest)   p50        p95        pushes');
  console.log(
    `idle                                           ${ms(idle, 50).padStart(7)} ms ${ms(idle, 95).padStart(7)} ms   ${idle.length}`,
  );
  if (during.length > 0)
    console.log(
      `during GC                                      ${ms(during, 50).padStart(7)} ms ${ms(during, 95).padStart(7)} ms   ${during.length}`,
    );
  console.log(
    `images pushed during the GC that pull back byte-exact afterwards: ${complete}/${during.length}`,
  );
} finally {
  await db.end().catch(() => {});
  await stack.stop();
}
