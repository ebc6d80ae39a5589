import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from './support/harbor-client.js';
import { startArtifactStack, type ArtifactStack } from './support/artifact-stack.js';
import { OciClient, registryToken, sha256 } from './support/oci-client.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
type OciErrors = { errors: { code: string }[] };

/** The /v2 gatekeeper's side of GC's blob status machine, against the real registry and Postgres. */
describe('/v2 gatekeeper and garbage collection', () => {
  let stack: ArtifactStack;
  let client: OciClient;
  const repository = 'library/gc-gate';

  beforeAll(async () => {
    stack = await startArtifactStack('gateway-gc');
    client = OciClient.bearer(
      stack.core.baseUrl,
      await registryToken(
        stack.core.baseUrl,
        [`repository:${repository}:pull,push`, `repository:${repository}-copy:pull,push`],
        ADMIN,
      ),
    );
  }, 60_000);
  afterAll(() => stack?.close());

  const setStatus = (digest: string, status: string) =>
    stack.db.query(
      `UPDATE blob SET status = $2, update_time = now() - interval '3 hours' WHERE digest = $1`,
      [digest, status],
    );
  const statusOf = async (digest: string) =>
    (await stack.db.query<{ status: string }>('SELECT status FROM blob WHERE digest = $1', [digest]))[0]
      ?.status;

  async function pushedLayer() {
    const layer = randomBytes(512);
    const image = await client.pushImage(repository, `t${Date.now()}`, { layers: [layer] });
    expect(image.response.status).toBe(201);
    return sha256(layer);
  }

  it('takes a marked blob back on HEAD, and hides one GC is deleting', async () => {
    const digest = await pushedLayer();
    await setStatus(digest, 'delete');
    expect((await client.fetch(`/v2/${repository}/blobs/${digest}`, { method: 'HEAD' })).status).toBe(200);
    expect(await statusOf(digest)).toBe('none');

    // Another blob: the one just read stays known in use for a few seconds, as GC's window allows.
    const deleting = await pushedLayer();
    await setStatus(deleting, 'deleting');
    const head = await client.fetch(`/v2/${repository}/blobs/${deleting}`, { method: 'HEAD' });
    expect(head.status).toBe(404);
    const get = await client.fetch(`/v2/${repository}/blobs/${deleting}`);
    expect(get.status).toBe(404);
    expect(((await get.json()) as OciErrors).errors[0]?.code).toBe('BLOB_UNKNOWN');
    expect(await statusOf(deleting)).toBe('deleting');
  });

  it('refuses a manifest over a blob GC is deleting, and touches the others', async () => {
    const [config, layer, kept] = [randomBytes(64), randomBytes(512), randomBytes(512)];
    for (const blob of [config, layer, kept])
      expect((await client.pushBlob(repository, blob)).status).toBe(201);
    await stack.db.query(
      `INSERT INTO blob (digest, size, status, update_time) VALUES ($1, 512, 'deleting', now()), ($2, 512, 'delete', now() - interval '3 hours')
       ON CONFLICT (digest) DO UPDATE SET status = EXCLUDED.status, update_time = EXCLUDED.update_time`,
      [sha256(layer), sha256(kept)],
    );
    const descriptor = (mediaType: string, blob: Buffer) => ({
      mediaType,
      digest: sha256(blob),
      size: blob.length,
    });
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: descriptor('application/vnd.oci.image.config.v1+json', config),
      layers: [kept, layer].map((l) => descriptor('application/vnd.oci.image.layer.v1.tar', l)),
    };
    const refused = await client.pushManifest(repository, 'refused', manifest, OCI_MANIFEST);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as OciErrors).errors[0]?.code).toBe('MANIFEST_BLOB_UNKNOWN');
    expect(await statusOf(sha256(kept))).toBe('none');
    expect((await client.fetch(`/v2/${repository}/manifests/refused`)).status).toBe(404);
  });

  it('makes an upload of a digest GC is deleting wait until GC is done with it', async () => {
    const layer = randomBytes(512);
    const digest = sha256(layer);
    await stack.db.query(
      `INSERT INTO blob (digest, size, status, update_time) VALUES ($1, 512, 'deleting', now())`,
      [digest],
    );
    const started = Date.now();
    // GC finishes 1 s later: its row goes.
    const gcDone = new Promise((resolve) => setTimeout(resolve, 1000)).then(() =>
      stack.db.query('DELETE FROM blob WHERE digest = $1', [digest]),
    );
    const upload = await client.pushBlob(repository, layer);
    await gcDone;
    expect(upload.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('starts a plain upload instead of mounting a blob GC is deleting', async () => {
    const digest = await pushedLayer();
    await setStatus(digest, 'deleting');
    const mount = await client.fetch(
      `/v2/${repository}-copy/blobs/uploads/?mount=${digest}&from=${repository}`,
      {
        method: 'POST',
      },
    );
    expect(mount.status).toBe(202);
    await setStatus(digest, 'none');
    const mounted = await client.fetch(
      `/v2/${repository}-copy/blobs/uploads/?mount=${digest}&from=${repository}`,
      {
        method: 'POST',
      },
    );
    expect(mounted.status).toBe(201);
  });
});
