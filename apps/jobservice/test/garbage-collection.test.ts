import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import {
  claimBlobsForDeletion,
  dataSourceOptions,
  markGarbageBlobs,
  touchBlobForRead,
  touchBlobsForManifest,
} from '@harbor-ts/db';
import {
  createTestDatabase,
  startRegistry,
  startRegistryctl,
  testRedisConfig,
  flushTestRedis,
  type RegistryctlProcess,
  type RegistryProcess,
  type TestDatabase,
} from '@harbor-ts/testing';
import type { RegistryctlClient } from '../src/jobs/garbage-collection/registryctl-client.js';
import { GC_BATCH } from '../src/jobs/garbage-collection/blob-sweeper.js';
import {
  deleteArtifactRow,
  gcHandler,
  recordedOutcomes,
  recordImage,
  registryctlClient,
  RegistryPusher,
  runGc,
  type PushedImage,
} from './support/gc-fixtures.js';

const redis = testRedisConfig('gc-test');

describe('garbage collection', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let registry: RegistryProcess;
  let registryctl: RegistryctlProcess;
  let client: RegistryctlClient;
  let pusher: RegistryPusher;

  beforeAll(async () => {
    db = await createTestDatabase('gc_test');
    dataSource = new DataSource(dataSourceOptions(db.config, { runMigrations: true }));
    await dataSource.initialize();
    await dataSource.query(`INSERT INTO harbor_user (username) VALUES ('admin')`);
    await dataSource.query(`INSERT INTO project (project_id, owner_id, name) VALUES (1, 1, 'library')`);
    registry = await startRegistry(redis);
    registryctl = await startRegistryctl(registry.storageRoot);
    client = registryctlClient(registryctl.endpoint);
    pusher = new RegistryPusher(registry.endpoint, registry.storageRoot);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await registryctl?.stop();
    await registry?.stop();
    await dataSource?.destroy();
    await db?.drop();
    await flushTestRedis(redis);
    await flushTestRedis({ ...redis, db: redis.db + 1 });
  });

  // Each test sees only its own rows; storage content is unique per test (random layers).
  beforeEach(async () => {
    await dataSource.query(
      'TRUNCATE artifact_trash, artifact_blob, project_blob, quota_usage, blob, tag, artifact, repository CASCADE',
    );
  });

  const layer = () => randomBytes(2048);
  const blobRow = async (digest: string) =>
    (
      (await dataSource.query('SELECT status, version FROM blob WHERE digest = $1', [digest])) as {
        status: string;
      }[]
    )[0];

  /** Two images sharing a layer, `kept` tagged, `deleted` deleted as core deletes an artifact. */
  async function twoImagesOneDeleted(ageHours: number) {
    const shared = layer();
    const kept = await pusher.pushImage('library/kept', 'v1', [shared, layer()]);
    const deleted = await pusher.pushImage('library/gone', 'v1', [shared, layer()]);
    await recordImage(dataSource, kept, ageHours);
    await recordImage(dataSource, deleted, ageHours);
    await deleteArtifactRow(dataSource, deleted, ageHours);
    return { kept, deleted, freed: [deleted.manifest, deleted.blobs[0]!, deleted.blobs[2]!] };
  }

  async function pullsByteExact(image: PushedImage) {
    const manifest = await pusher.fetch(`/v2/${image.repository}/manifests/${image.digest}`, {
      headers: { accept: image.manifest.mediaType },
    });
    expect(manifest.status).toBe(200);
    expect(Buffer.from(await manifest.arrayBuffer()).equals(image.manifest.bytes)).toBe(true);
    for (const blob of image.blobs) {
      const response = await pusher.fetch(`/v2/${image.repository}/blobs/${blob.digest}`);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(blob.bytes)).toBe(true);
    }
  }

  it('frees exactly the unreferenced blobs; an image sharing layers still pulls byte-exact', async () => {
    const { kept, deleted, freed } = await twoImagesOneDeleted(3);
    const orphan = await pusher.pushBlob('library/kept', layer());
    await dataSource.query(
      `INSERT INTO blob (digest, content_type, size, update_time) VALUES ($1, '', $2, now() - interval '3 hours')`,
      [orphan.digest, orphan.size],
    );

    const { execution, log, error } = await runGc(dataSource, gcHandler(dataSource, client), {});

    expect(error).toBeUndefined();
    for (const blob of [...freed, orphan]) expect(pusher.blobExists(blob.digest)).toBe(false);
    for (const blob of [kept.manifest, ...kept.blobs]) expect(pusher.blobExists(blob.digest)).toBe(true);
    expect(pusher.revisionExists(deleted.repository, deleted.digest)).toBe(false);
    expect(pusher.revisionExists(kept.repository, kept.digest)).toBe(true);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM artifact_trash')).toEqual([{ n: 0 }]);
    expect(await blobRow(orphan.digest)).toBeUndefined();
    expect(execution.extra_attrs).toMatchObject({
      freed_space: [...freed, orphan].reduce((sum, b) => sum + b.size, 0),
      purged_blobs: 3,
      purged_manifests: 1,
    });
    expect(log).toContain('[4/4] deleted 4 blobs');
    expect(log).toContain('3 blobs and 1 manifests are actually deleted');
    await pullsByteExact(kept);
    expect((await pusher.fetch(`/v2/${deleted.repository}/manifests/${deleted.digest}`)).status).toBe(404);
  });

  it('delete_untagged deletes old untagged artifacts, not recent ones, gives their storage back, then GC frees them', async () => {
    const shared = layer();
    const kept = await pusher.pushImage('library/kept', 'v1', [shared, layer()]);
    const untagged = await pusher.pushImage('library/untagged', 'v1', [shared, layer()]);
    const fresh = await pusher.pushImage('library/fresh', 'v1', [layer()]);
    for (const [image, age] of [
      [kept, 3],
      [untagged, 3],
      [fresh, 0],
    ] as const) {
      const id = await recordImage(dataSource, image, age);
      if (image !== kept) await dataSource.query('DELETE FROM tag WHERE artifact_id = $1', [id]);
    }
    // The project's claim on every blob, and its usage, as core records a push.
    await dataSource.query('INSERT INTO project_blob (project_id, blob_id) SELECT 1, id FROM blob');
    const used = Number((await dataSource.query('SELECT sum(size)::bigint AS n FROM blob'))[0].n);
    await dataSource.query(
      `INSERT INTO quota_usage (reference, reference_id, used) VALUES ('project', '1', jsonb_build_object('storage', $1::bigint))`,
      [used],
    );

    const announced = recordedOutcomes();
    const first = await runGc(dataSource, gcHandler(dataSource, client, announced.outcomes), {
      delete_untagged: true,
    });
    expect(first.error).toBeUndefined();
    expect(first.log).toContain('[1/1] deleted untagged artifact library/untagged@');
    // Core audits it and sends DELETE_ARTIFACT: one announcement, for the deleted artifact, no operator.
    expect(announced.published).toEqual([
      expect.objectContaining({
        kind: 'artifact.deleted',
        vendorType: 'GARBAGE_COLLECTION',
        executionId: first.execution.id,
        projectId: 1,
        repository: 'library/untagged',
        digest: untagged.digest,
        tags: [],
        operator: '',
      }),
    ]);
    const left = (await dataSource.query('SELECT repository_name FROM artifact ORDER BY 1')) as {
      repository_name: string;
    }[];
    expect(left.map((a) => a.repository_name)).toEqual(['library/fresh', 'library/kept']);
    const own = [untagged.manifest, untagged.blobs[0]!, untagged.blobs[2]!].reduce(
      (sum, b) => sum + b.size,
      0,
    );
    const usage = await dataSource.query(`SELECT (used->>'storage')::bigint AS n FROM quota_usage`);
    expect(Number(usage[0].n)).toBe(used - own);
    // Its manifest waits in the trash for the window, as in Harbor; a run with no window frees it.
    expect(pusher.revisionExists(untagged.repository, untagged.digest)).toBe(true);
    const second = await runGc(dataSource, gcHandler(dataSource, client), { time_window: 0 });
    expect(second.error).toBeUndefined();
    expect(pusher.revisionExists(untagged.repository, untagged.digest)).toBe(false);
    expect(pusher.blobExists(untagged.blobs[2]!.digest)).toBe(false);
    await pullsByteExact(kept);
    await pullsByteExact(fresh);
  });

  it('deletes nothing in a dry run, and reports what a real run then frees', async () => {
    const { kept, deleted, freed } = await twoImagesOneDeleted(3);
    const dry = await runGc(dataSource, gcHandler(dataSource, client), { dry_run: true });
    const expected = freed.reduce((sum, b) => sum + b.size, 0);
    expect(dry.execution.extra_attrs).toMatchObject({
      freed_space: expected,
      purged_blobs: 2,
      purged_manifests: 1,
    });
    for (const blob of [...freed, ...kept.blobs]) {
      expect(pusher.blobExists(blob.digest)).toBe(true);
      expect(await blobRow(blob.digest)).toMatchObject({ status: 'none' });
    }
    expect(pusher.revisionExists(deleted.repository, deleted.digest)).toBe(true);

    const real = await runGc(dataSource, gcHandler(dataSource, client), {});
    expect(real.execution.extra_attrs).toMatchObject({
      freed_space: expected,
      purged_blobs: 2,
      purged_manifests: 1,
    });
    for (const blob of freed) expect(pusher.blobExists(blob.digest)).toBe(false);
  });

  it('honours the time window: 1 hour old survives the default, not a window of 0', async () => {
    const { freed, deleted } = await twoImagesOneDeleted(1);
    const byDefault = await runGc(dataSource, gcHandler(dataSource, client), {});
    expect(byDefault.execution.extra_attrs).toMatchObject({
      freed_space: 0,
      purged_blobs: 0,
      purged_manifests: 0,
    });
    for (const blob of freed) expect(pusher.blobExists(blob.digest)).toBe(true);
    expect(pusher.revisionExists(deleted.repository, deleted.digest)).toBe(true);

    const zero = await runGc(dataSource, gcHandler(dataSource, client), { time_window: 0 });
    expect(zero.execution.extra_attrs).toMatchObject({ purged_blobs: 2, purged_manifests: 1 });
    for (const blob of freed) expect(pusher.blobExists(blob.digest)).toBe(false);
  });

  it('skips a blob a push or pull touched between mark and sweep (compare-and-set on version)', async () => {
    const blobs = [layer(), layer(), layer()];
    const pushed = [];
    for (const bytes of blobs) pushed.push(await pusher.pushBlob('library/cas', bytes));
    await dataSource.query(
      `INSERT INTO blob (digest, content_type, size, update_time)
       SELECT unnest($1::varchar[]), '', 2048, now() - interval '3 hours'`,
      [pushed.map((b) => b.digest)],
    );
    const [pulled, manifested, swept] = pushed.map((b) => b.digest) as [string, string, string];
    const marked = await markGarbageBlobs(dataSource, {
      olderThanHours: 2,
      afterId: 0,
      limit: 1000,
      dryRun: false,
    });
    expect(marked.blobs.map((b) => b.digest).sort()).toEqual([pulled, manifested, swept].sort());

    // Core's side: a HEAD takes a candidate back; a manifest PUT over a blob touches it too.
    expect(await touchBlobForRead(dataSource, pulled)).toEqual({ status: 'none', fresh: true });
    expect(await touchBlobsForManifest(dataSource, [manifested])).toEqual([]);

    const claimed = await claimBlobsForDeletion(dataSource, marked.blobs);
    expect(claimed.map((b) => b.digest)).toEqual([swept]);
    // Now GC is deleting it: a read sees it absent, a manifest over it is refused.
    expect(await touchBlobForRead(dataSource, swept)).toMatchObject({ status: 'deleting' });
    expect(await touchBlobsForManifest(dataSource, [swept, pulled])).toEqual([swept]);

    // The run finishes what was claimed (as after a crash) and keeps the touched ones.
    const { execution } = await runGc(dataSource, gcHandler(dataSource, client), {});
    expect(execution.extra_attrs).toMatchObject({ purged_blobs: 1 });
    expect(pusher.blobExists(swept)).toBe(false);
    expect(pusher.blobExists(pulled) && pusher.blobExists(manifested)).toBe(true);
    expect(await blobRow(pulled)).toMatchObject({ status: 'none' });
  });

  it('finishes a blob a dead run left in deleting, even when its file is already gone', async () => {
    const bytes = layer();
    const blob = await pusher.pushBlob('library/crash', bytes);
    await dataSource.query(
      `INSERT INTO blob (digest, content_type, size, status, update_time) VALUES ($1, '', $2, 'deleting', now())`,
      [blob.digest, blob.size],
    );
    rmSync(pusher.blobFile(blob.digest));
    const { execution, error } = await runGc(dataSource, gcHandler(dataSource, client), {});
    expect(error).toBeUndefined();
    expect(execution.extra_attrs).toMatchObject({ purged_blobs: 1 });
    expect(await blobRow(blob.digest)).toBeUndefined();
  });

  it('stops with Error and deletes nothing more when registryctl fails mid-run', async () => {
    const first = await twoImagesOneDeleted(3);
    const second = await pusher.pushImage('library/gone2', 'v1', [layer()]);
    await recordImage(dataSource, second, 3);
    await deleteArtifactRow(dataSource, second, 3);
    const extra = await pusher.pushBlob('library/kept', layer());
    await dataSource.query(
      `INSERT INTO blob (digest, content_type, size, update_time) VALUES ($1, '', $2, now() - interval '3 hours')`,
      [extra.digest, extra.size],
    );

    // registryctl dies after the first manifest revision is removed.
    const dying = registryctlClient(registryctl.endpoint);
    const deleteManifest = dying.deleteManifest.bind(dying);
    dying.deleteManifest = async (repository, digest) => {
      await deleteManifest(repository, digest);
      await registryctl.kill();
    };
    const { execution, error, log } = await runGc(dataSource, gcHandler(dataSource, dying), {});
    await dying.close();
    registryctl = await startRegistryctl(registry.storageRoot);
    client = registryctlClient(registryctl.endpoint);

    expect(error).toBeDefined();
    expect(execution.status).toBe('Error');
    expect(log).toContain('GC stopped');
    expect(execution.extra_attrs).toMatchObject({ freed_space: 0, purged_blobs: 0 });
    for (const blob of [...first.freed, second.manifest, ...second.blobs, extra]) {
      expect(pusher.blobExists(blob.digest)).toBe(true);
    }
    expect(pusher.revisionExists(second.repository, second.digest)).toBe(true);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM artifact_trash')).toEqual([{ n: 1 }]);

    // A failing blob batch marks its blobs deletefailed and stops; a later run takes them.
    const refusing = registryctlClient(registryctl.endpoint);
    refusing.deleteBlobs = () => Promise.reject(new Error('registryctl unreachable'));
    const failed = await runGc(dataSource, gcHandler(dataSource, refusing), {});
    expect(failed.execution.status).toBe('Error');
    expect(pusher.blobExists(extra.digest)).toBe(true);
    expect(await blobRow(extra.digest)).toMatchObject({ status: 'deletefailed' });
    const retried = await runGc(dataSource, gcHandler(dataSource, client), { time_window: 0, workers: 3 });
    expect(retried.error).toBeUndefined();
    for (const blob of [...first.freed, extra, second.manifest, ...second.blobs]) {
      expect(pusher.blobExists(blob.digest)).toBe(false);
    }
    for (const blob of [first.kept.manifest, ...first.kept.blobs])
      expect(pusher.blobExists(blob.digest)).toBe(true);
  });

  describe('a sweep of several batches (the next batch is claimed while storage deletes)', () => {
    const total = GC_BATCH * 2 + 500;
    /** Blob rows old enough to collect, without files: registryctl answers not_found, which is gone. */
    async function manyGarbageRows() {
      await dataSource.query(
        `INSERT INTO blob (digest, content_type, size, update_time)
         SELECT 'sha256:' || lpad(to_hex(g), 64, '0'), '', 10, now() - interval '3 hours'
           FROM generate_series(1, $1) g`,
        [total],
      );
    }
    const statuses = async () =>
      Object.fromEntries(
        (
          (await dataSource.query('SELECT status, count(*)::int AS n FROM blob GROUP BY status')) as {
            status: string;
            n: number;
          }[]
        ).map((r) => [r.status, r.n]),
      );

    it('a failing batch releases the batch claimed ahead: nothing is left in deleting', async () => {
      await manyGarbageRows();
      let calls = 0;
      const failingFirst = registryctlClient(registryctl.endpoint);
      failingFirst.deleteBlobs = () => {
        calls += 1;
        return Promise.reject(new Error('registryctl unreachable'));
      };
      const failed = await runGc(dataSource, gcHandler(dataSource, failingFirst), { workers: 1 });
      await failingFirst.close();
      expect(failed.execution.status).toBe('Error');
      expect(calls).toBe(1);
      expect(await statuses()).toEqual({ deletefailed: GC_BATCH, delete: total - GC_BATCH });

      // The claim stamped them just now: the default window would keep them, as any fresh blob.
      const retried = await runGc(dataSource, gcHandler(dataSource, client), { workers: 2, time_window: 0 });
      expect(retried.error).toBeUndefined();
      expect(retried.execution.extra_attrs).toMatchObject({ purged_blobs: total });
      expect(retried.log).toContain(`[${total}/${total}]`);
      expect(await statuses()).toEqual({});
    });

    it('a stop between batches deletes no more and releases the batch claimed ahead', async () => {
      await manyGarbageRows();
      const controller = new AbortController();
      const stopping = registryctlClient(registryctl.endpoint);
      const deleteBlobs = stopping.deleteBlobs.bind(stopping);
      stopping.deleteBlobs = async (digests) => {
        controller.abort();
        return deleteBlobs(digests);
      };
      const stopped = await runGc(
        dataSource,
        gcHandler(dataSource, stopping),
        { workers: 1 },
        controller.signal,
      );
      await stopping.close();
      expect(stopped.error).toBeDefined();
      expect(stopped.execution.extra_attrs).toMatchObject({ purged_blobs: GC_BATCH });
      expect(await statuses()).toEqual({ delete: total - GC_BATCH });
    });
  });
});
