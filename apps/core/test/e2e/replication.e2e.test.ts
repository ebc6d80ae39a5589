import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '@harbor-ts/outbound';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import { api } from '../support/harbor-client.js';
import { OciClient, registryToken, sha256 } from '../support/oci-client.js';
import { expectSchema } from '../support/swagger-schema.js';
import { startDistribution, type Distribution } from '../registries-distribution.js';
import { OciLayout } from './oci-layout.js';
import { startReceiver } from './webhook-receiver.js';

const exec = promisify(execFile);

/** Polls until `probe` gives a value (30 s at most). */
async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
}
const ADMIN = { username: 'admin', password: 'Harbor12345' };
/** The remote's login: random, so a test can look for it in every log. */
const REMOTE = { username: 'replicator', password: `pw-${Math.random().toString(36).slice(2)}` };
const INDEX = 'application/vnd.oci.image.index.v1+json';
const ACCEPT = [INDEX, 'application/vnd.oci.image.manifest.v1+json'].join(', ');

/** A `replication_policy` row as the tests write it; registry id 0 is this instance. */
interface PolicyValues {
  name: string;
  src: number;
  dest: number;
  dest_namespace?: string;
  dest_namespace_replace_count?: number;
  override?: boolean;
  copy_by_chunk?: boolean;
  speed_kb?: number;
  filters?: { type: string; value: unknown; decoration?: string }[];
  trigger?: 'manual' | 'event_based';
  replicate_deletion?: boolean;
}

interface Execution {
  id: number;
  policy_id: number;
  status: string;
  trigger: string;
  total: number;
  succeed: number;
  failed: number;
  in_progress: number;
  stopped: number;
}

/**
 * Replication as an admin meets it on the native stack with a real distribution 2.8 beside it: a
 * multi-arch index pushed to harbor-ts replicates with every child and the same digests, a second
 * run copies nothing, `override: false` keeps the far side's tag, and a pull-based policy brings an
 * image from distribution into a project it creates. Executions, tasks and logs come from the API.
 */
describe('replication between harbor-ts and docker-registry', () => {
  let stack: NativeStack;
  let dist: Distribution & typeof REMOTE & { authorization: string };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let db: pg.Client;
  let registryId: number;
  const layout = new OciLayout();
  let index: { digest: string; children: string[] };

  /** A manifest as distribution serves it: its digest header and its bytes' own digest. */
  async function distManifest(repository: string, reference: string) {
    const res = await fetch(`${dist.url}/v2/${repository}/manifests/${reference}`, {
      headers: { authorization: dist.authorization, accept: ACCEPT },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      header: res.headers.get('docker-content-digest'),
      digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    };
  }

  /** A manifest's size as the registry at `baseUrl` (harbor-ts, as admin) serves it. */
  async function distManifestFrom(baseUrl: string, repository: string, digest: string) {
    const token = await registryToken(baseUrl, [`repository:${repository}:pull`], ADMIN);
    const res = await OciClient.bearer(baseUrl, token).fetch(`/v2/${repository}/manifests/${digest}`, {
      headers: { accept: ACCEPT },
    });
    expect(res.status).toBe(200);
    return { size: (await res.arrayBuffer()).byteLength };
  }

  async function policy(values: PolicyValues): Promise<number> {
    const row: Required<PolicyValues> = {
      filters: [],
      dest_namespace: '',
      dest_namespace_replace_count: -1,
      override: true,
      copy_by_chunk: false,
      speed_kb: 0,
      trigger: 'manual',
      replicate_deletion: false,
      ...values,
    };
    const { rows } = await db.query(
      `INSERT INTO replication_policy (name, src_registry_id, dest_registry_id, dest_namespace,
         dest_namespace_replace_count, trigger, filters, override, enabled, copy_by_chunk, speed_kb,
         replicate_deletion)
       VALUES ($1, $2, $3, $4, $5, $10, $6, $7, true, $8, $9, $11) RETURNING id`,
      [
        row.name,
        row.src,
        row.dest,
        row.dest_namespace,
        row.dest_namespace_replace_count,
        JSON.stringify(row.filters),
        row.override,
        row.copy_by_chunk,
        row.speed_kb,
        JSON.stringify({ type: row.trigger }),
        row.replicate_deletion,
      ],
    );
    return rows[0].id as number;
  }

  /** Starts the policy through the API and waits for its execution to end. */
  async function replicate(policyId: number, timeoutMs = 90_000): Promise<Execution> {
    const started = await api(stack.url, 'POST', '/replication/executions', {
      as: ADMIN,
      body: { policy_id: policyId },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const location = started.headers.get('location')!;
    expect(location).toMatch(/^\/api\/v2\.0\/replication\/executions\/\d+$/);
    const id = Number(location.split('/').pop());
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const execution = (
        await api<Execution>(stack.url, 'GET', `/replication/executions/${id}`, { as: ADMIN })
      ).body;
      if (execution.status !== 'InProgress') return execution;
      if (Date.now() > deadline) {
        const { rows } = await db.query(
          `SELECT t.id, t.status, t.status_message, string_agg(l.content, '' ORDER BY l.id) AS log
             FROM task t LEFT JOIN job_log l ON l.task_id = t.id WHERE t.execution_id = $1 GROUP BY t.id`,
          [id],
        );
        throw new Error(`execution ${id} still in progress: ${JSON.stringify(rows, null, 1)}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function tasksOf(executionId: number) {
    const res = await api<{ id: number; status: string; src_resource: string; dst_resource: string }[]>(
      stack.url,
      'GET',
      `/replication/executions/${executionId}/tasks`,
      { as: ADMIN },
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  async function logOf(executionId: number, taskId: number): Promise<string> {
    const res = await api<string>(
      stack.url,
      'GET',
      `/replication/executions/${executionId}/tasks/${taskId}/log`,
      {
        as: ADMIN,
      },
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    // Both started side by side; whichever started is stopped by afterAll even if the other failed.
    const [started, remote, hooks] = await Promise.allSettled([
      startNativeStack(),
      startDistribution(REMOTE),
      startReceiver(),
    ]);
    if (started.status === 'fulfilled') stack = started.value;
    if (remote.status === 'fulfilled')
      dist = { ...remote.value, ...REMOTE, authorization: remote.value.authorization! };
    if (hooks.status === 'fulfilled') receiver = hooks.value;
    for (const result of [started, remote, hooks]) if (result.status === 'rejected') throw result.reason;
    db = new pg.Client({
      host: join(stack.dir, 'data/run/postgresql'),
      user: 'postgres',
      database: 'registry',
    });
    await db.connect();
    expect(
      (await api(stack.url, 'POST', '/projects', { as: ADMIN, body: { project_name: 'src' } })).status,
    ).toBe(201);
    const hook = await api(stack.url, 'POST', '/projects/src/webhook/policies', {
      as: ADMIN,
      body: {
        name: 'replication hook',
        enabled: true,
        event_types: ['REPLICATION'],
        targets: [{ type: 'http', address: `${receiver.url}/replication` }],
      },
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    // A two-platform index whose images share a base layer.
    const base = layout.layer({ 'etc/os-release': 'ID=test\n' });
    const amd = layout.image([base, layout.layer({ 'bin/app': 'amd64 build\n' })]);
    const arm = layout.image([base, layout.layer({ 'bin/app': 'arm64 build\n' })], {
      architecture: 'arm64',
      os: 'linux',
    });
    const top = layout.index([amd, arm]);
    layout.tag(top, 'v1');
    layout.tag(layout.image([layout.layer({ 'etc/motd': 'harbor side v2\n' })]), 'v2');
    layout.tag(layout.image([layout.layer({ 'etc/motd': 'far side v2\n' })]), 'far-v2');
    for (const tag of ['v1', 'v2'])
      await exec('skopeo', [
        'copy',
        '--all',
        '--dest-tls-verify=false',
        '--dest-creds',
        `${ADMIN.username}:${ADMIN.password}`,
        `oci:${layout.dir}:${tag}`,
        `docker://${stack.registryHost}/src/app:${tag}`,
      ]);
    // skopeo compresses the layers on the way in, so the digests to expect are what harbor-ts holds.
    const stored = await api<{ digest: string; references: { child_digest: string }[] }>(
      stack.url,
      'GET',
      '/projects/src/repositories/app/artifacts/v1',
      { as: ADMIN },
    );
    expect(stored.status).toBe(200);
    index = { digest: stored.body.digest, children: stored.body.references.map((r) => r.child_digest) };
    expect(index.children).toHaveLength(2);
    const secretKey = readFileSync(join(stack.dir, 'data/secret/keys/secretkey'), 'utf8').trim();
    const { rows } = await db.query(
      `INSERT INTO registry (name, url, credential_type, access_key, access_secret, type, insecure)
       VALUES ('distribution', $1, 'basic', $2, $3, 'docker-registry', false) RETURNING id`,
      [dist.url, dist.username, new SecretBox(secretKey).seal(dist.password)],
    );
    registryId = rows[0].id as number;
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await dist?.stop();
    await receiver?.stop();
  }, 60_000);

  it('pushes a multi-arch index with every child, the same digests, and copies nothing the second time', async () => {
    // The far side already has src/app:v2 as another image; override is off, so it stays.
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${dist.username}:${dist.password}`,
      `oci:${layout.dir}:far-v2`,
      `docker://${dist.host}/src/app:v2`,
    ]);
    const farV2 = await distManifest('src/app', 'v2');
    const policyId = await policy({
      name: 'push to distribution',
      src: 0,
      dest: registryId,
      override: false,
      filters: [
        { type: 'name', value: 'src/**' },
        { type: 'tag', value: 'v*', decoration: 'matches' },
      ],
    });

    const first = await replicate(policyId);
    expect(first).toMatchObject({
      policy_id: policyId,
      status: 'Succeed',
      trigger: 'manual',
      total: 1,
      succeed: 1,
    });
    expectSchema(first, 'ReplicationExecution');
    const [task] = await tasksOf(first.id);
    expectSchema(task, 'ReplicationTask');
    expect(task).toMatchObject({
      status: 'Succeed',
      operation: 'copy',
      resource_type: 'image',
      src_resource: 'src/app [2 item(s) in total]',
      dst_resource: 'src/app [2 item(s) in total]',
    });
    const log = await logOf(first.id, task!.id);
    expect(log).toContain('3 manifests copied');
    expect(log).toContain('src/app:v2 exists at the destination');
    expect(log).not.toContain(dist.password);

    const v1 = await distManifest('src/app', 'v1');
    expect(v1).toEqual({ status: 200, header: index.digest, digest: index.digest });
    for (const child of index.children) {
      expect((await distManifest('src/app', child)).digest).toBe(child);
      const manifest = (await (
        await fetch(`${dist.url}/v2/src/app/manifests/${child}`, {
          headers: { authorization: dist.authorization, accept: ACCEPT },
        })
      ).json()) as { config: { digest: string }; layers: { digest: string }[] };
      for (const blob of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
        const head = await fetch(`${dist.url}/v2/src/app/blobs/${blob}`, {
          method: 'HEAD',
          headers: { authorization: dist.authorization },
        });
        expect(head.status, blob).toBe(200);
      }
    }
    expect((await distManifest('src/app', 'v2')).digest).toBe(farV2.digest);

    const again = await replicate(policyId);
    expect(again).toMatchObject({ status: 'Succeed', total: 1, succeed: 1 });
    const [second] = await tasksOf(again.id);
    const secondLog = await logOf(again.id, second!.id);
    expect(secondLog).toContain('0 manifests copied');
    expect(secondLog).toContain('0 blobs copied');
    const { rows } = await db.query(`SELECT extra_attrs FROM task WHERE id = $1`, [second!.id]);
    expect(rows[0].extra_attrs).toMatchObject({ blobs_copied: 0, manifests_copied: 0, tags_pushed: 0 });

    const listed = await api<Execution[]>(stack.url, 'GET', `/replication/executions?policy_id=${policyId}`, {
      as: ADMIN,
    });
    expect(listed.headers.get('x-total-count')).toBe('2');
    expect(listed.body.map((e) => e.id)).toEqual([again.id, first.id]);

    // The project's REPLICATION webhook heard of each run's task, the first one as Harbor words it.
    const replication = await waitFor(() =>
      receiver.deliveries
        .map(
          (d) =>
            d.body as {
              type: string;
              operator: string;
              event_data: { replication: Record<string, unknown> };
            },
        )
        .find((b) => b.type === 'REPLICATION' && b.event_data.replication.execution_id === first.id),
    );
    // The admin who started the run, as Harbor keeps it in the execution.
    expect(replication.operator).toBe(ADMIN.username);
    expect(replication.event_data.replication).toMatchObject({
      job_status: 'Success',
      trigger_type: 'MANUAL',
      task_id: task!.id,
      src_resource: { registry_type: 'harbor', namespace: 'src' },
      dest_resource: { registry_name: 'distribution', registry_type: 'docker-registry', endpoint: dist.url },
      successful_artifact: [{ type: 'image', status: 'Success', name_tag: 'app [2 item(s) in total]' }],
    });
  });

  it('takes a cosign signature (an OCI manifest with a subject) along with the image it signs', async () => {
    const signed = await api<{ digest: string; size?: number }>(
      stack.url,
      'GET',
      '/projects/src/repositories/app/artifacts/v2',
      { as: ADMIN },
    );
    expect(signed.status).toBe(200);
    const subject = await distManifestFrom(stack.url, 'src/app', signed.body.digest);
    // cosign's OCI 1.1 signature: simple-signing payload as the layer, pushed by digest with `subject`.
    const token = await registryToken(stack.url, ['repository:src/app:pull,push'], ADMIN);
    const client = OciClient.bearer(stack.url, token);
    const payload = Buffer.from(
      JSON.stringify({ critical: { image: { 'docker-manifest-digest': signed.body.digest } } }),
    );
    const config = Buffer.from('{}');
    for (const blob of [payload, config]) expect((await client.pushBlob('src/app', blob)).status).toBe(201);
    const signature = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(config), size: config.length },
      layers: [
        {
          mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
          digest: sha256(payload),
          size: payload.length,
          annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQD-not-checked-here' },
        },
      ],
      subject: {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: signed.body.digest,
        size: subject.size,
      },
    };
    const signatureDigest = sha256(JSON.stringify(signature));
    const pushed = await client.pushManifest('src/app', signatureDigest, signature, signature.mediaType);
    expect(pushed.status, await pushed.text()).toBe(201);

    const policyId = await policy({
      name: 'signed images',
      src: 0,
      dest: registryId,
      dest_namespace: 'signed',
      filters: [
        { type: 'name', value: 'src/app' },
        { type: 'tag', value: 'v2' },
      ],
    });
    const execution = await replicate(policyId);
    expect(execution).toMatchObject({ status: 'Succeed', total: 1, succeed: 1 });
    expect((await distManifest('signed/app', 'v2')).digest).toBe(signed.body.digest);
    const far = await distManifest('signed/app', signatureDigest);
    expect(far).toMatchObject({ status: 200, digest: signatureDigest });
    // Distribution 2.8 knows nothing of referrers, but the signature's blobs are there to verify it.
    const head = await fetch(`${dist.url}/v2/signed/app/blobs/${sha256(payload)}`, {
      method: 'HEAD',
      headers: { authorization: dist.authorization },
    });
    expect(head.status).toBe(200);
  });

  it('replicates a push without anyone starting it, and the delete too (event_based, replicate_deletion)', async () => {
    expect(
      (await api(stack.url, 'POST', '/projects', { as: ADMIN, body: { project_name: 'evt' } })).status,
    ).toBe(201);
    const policyId = await policy({
      name: 'on push',
      src: 0,
      dest: registryId,
      trigger: 'event_based',
      replicate_deletion: true,
      filters: [{ type: 'name', value: 'evt/**' }],
    });
    layout.tag(layout.image([layout.layer({ 'etc/motd': 'pushed on event\n' })]), 'evt');
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:evt`,
      `docker://${stack.registryHost}/evt/app:e1`,
    ]);
    const pushed = await api<{ digest: string }>(
      stack.url,
      'GET',
      '/projects/evt/repositories/app/artifacts/e1',
      {
        as: ADMIN,
      },
    );
    expect(pushed.status).toBe(200);
    const arrived = await waitFor(async () => {
      const m = await distManifest('evt/app', 'e1');
      return m.status === 200 ? m : undefined;
    });
    expect(arrived.digest).toBe(pushed.body.digest);
    const runs = await waitFor(async () => {
      const listed = await api<Execution[]>(
        stack.url,
        'GET',
        `/replication/executions?policy_id=${policyId}`,
        {
          as: ADMIN,
        },
      );
      return listed.body.length > 0 && listed.body.every((e) => e.status !== 'InProgress')
        ? listed.body
        : undefined;
    });
    expect(runs.every((e) => e.trigger === 'event_based' && e.status === 'Succeed')).toBe(true);

    const deleted = await api(stack.url, 'DELETE', '/projects/evt/repositories/app/artifacts/e1', {
      as: ADMIN,
    });
    expect(deleted.status).toBe(200);
    await waitFor(async () => ((await distManifest('evt/app', 'e1')).status === 404 ? true : undefined));
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM task WHERE extra_attrs->>'operation' = 'deletion'
          AND execution_id IN (SELECT id FROM execution WHERE vendor_type = 'REPLICATION' AND vendor_id = $1)`,
      [policyId],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('pulls from distribution into a project it creates', async () => {
    layout.tag(layout.image([layout.layer({ 'usr/bin/tool': 'tool 1.0\n' })]), 'tool');
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${dist.username}:${dist.password}`,
      `oci:${layout.dir}:tool`,
      `docker://${dist.host}/lib/tool:1.0`,
    ]);
    const remote = await distManifest('lib/tool', '1.0');
    const policyId = await policy({
      name: 'pull from distribution',
      src: registryId,
      dest: 0,
      dest_namespace: 'pulled',
      // Through PATCH chunks into harbor-ts, at a speed limit far above what this needs.
      copy_by_chunk: true,
      speed_kb: 10_240,
      filters: [{ type: 'name', value: 'lib/**' }],
    });
    const execution = await replicate(policyId);
    expect(execution, JSON.stringify(execution)).toMatchObject({ status: 'Succeed', total: 1, succeed: 1 });
    const [task] = await tasksOf(execution.id);
    expect(task!.dst_resource).toBe('pulled/tool [1 item(s) in total]');
    const artifacts = await api<{ digest: string; tags: { name: string }[] }[]>(
      stack.url,
      'GET',
      '/projects/pulled/repositories/tool/artifacts',
      { as: ADMIN },
    );
    expect(artifacts.status).toBe(200);
    expect(artifacts.body.map((a) => [a.digest, a.tags.map((t) => t.name)])).toEqual([
      [remote.digest, ['1.0']],
    ]);
    // The robot the tasks used is gone.
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM robot WHERE creator_type = 'replication'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('pulls from a harbor-type remote through its REST API, so a label filter selects what to copy', async () => {
    // The remote Harbor is this very instance, reached through nginx like any other Harbor.
    const secretKey = readFileSync(join(stack.dir, 'data/secret/keys/secretkey'), 'utf8').trim();
    const { rows } = await db.query(
      `INSERT INTO registry (name, url, credential_type, access_key, access_secret, type, insecure)
       VALUES ('harbor-self', $1, 'basic', $2, $3, 'harbor', false) RETURNING id`,
      [stack.url, ADMIN.username, new SecretBox(secretKey).seal(ADMIN.password)],
    );
    const harborId = rows[0].id as number;
    const label = await api(stack.url, 'POST', '/labels', {
      as: ADMIN,
      body: { name: 'release', scope: 'g', color: '#0095D3' },
    });
    expect(label.status, JSON.stringify(label.body)).toBe(201);
    const labelId = Number(label.headers.get('location')!.split('/').pop());
    const labelled = await api(stack.url, 'POST', '/projects/src/repositories/app/artifacts/v2/labels', {
      as: ADMIN,
      body: { id: labelId },
    });
    expect(labelled.status, JSON.stringify(labelled.body)).toBe(200);
    const policyId = await policy({
      name: 'pull released from harbor',
      src: harborId,
      dest: 0,
      dest_namespace: 'fromharbor',
      filters: [
        { type: 'name', value: 'src/app' },
        { type: 'label', value: ['release'], decoration: 'matches' },
      ],
    });
    const execution = await replicate(policyId);
    expect(execution, JSON.stringify(execution)).toMatchObject({ status: 'Succeed', succeed: 1 });
    const v2 = await api<{ digest: string }>(
      stack.url,
      'GET',
      '/projects/src/repositories/app/artifacts/v2',
      {
        as: ADMIN,
      },
    );
    const copied = await api<{ digest: string; tags: { name: string }[] }[]>(
      stack.url,
      'GET',
      '/projects/fromharbor/repositories/app/artifacts',
      { as: ADMIN },
    );
    expect(copied.status).toBe(200);
    // Only the labelled v2; the unlabelled v1 index stays behind.
    expect(copied.body.map((a) => [a.digest, a.tags.map((t) => t.name)])).toEqual([[v2.body.digest, ['v2']]]);
  });

  it('imports an image-syncer file and runs it: the listed tags arrive, the others do not', async () => {
    for (const version of ['1.0', '2.0', '3.0']) {
      layout.tag(layout.image([layout.layer({ 'usr/bin/sync': `sync ${version}\n` })]), `sync-${version}`);
      await exec('skopeo', [
        'copy',
        '--dest-tls-verify=false',
        '--dest-creds',
        `${dist.username}:${dist.password}`,
        `oci:${layout.dir}:sync-${version}`,
        `docker://${dist.host}/lib/syncme:${version}`,
      ]);
    }
    // image-syncer's own files, as a team migrating off it has them.
    const imported = await api<{
      registries: { id: number; created: boolean }[];
      policies: { id: number }[];
    }>(stack.url, 'POST', '/replication/imports/image-syncer', {
      as: ADMIN,
      body: {
        images: `${dist.host}/lib/syncme:1.0,2.0: ${stack.registryHost}/synced/syncme\n`,
        auth: JSON.stringify({
          [dist.host]: { username: dist.username, password: dist.password, insecure: true },
        }),
      },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    // The registry this suite stored for distribution has the same host and user: it is reused.
    expect(imported.body.registries).toEqual([expect.objectContaining({ id: registryId, created: false })]);
    const execution = await replicate(imported.body.policies[0]!.id);
    expect(execution, JSON.stringify(execution)).toMatchObject({ status: 'Succeed', total: 1, succeed: 1 });
    const artifacts = await api<{ tags: { name: string }[] }[]>(
      stack.url,
      'GET',
      '/projects/synced/repositories/syncme/artifacts',
      { as: ADMIN },
    );
    expect(artifacts.status).toBe(200);
    expect(artifacts.body.flatMap((a) => a.tags.map((t) => t.name)).sort()).toEqual(['1.0', '2.0']);
  });

  it('ends Failed with the reason when the remote is down, and the next run finishes without duplicates', async () => {
    const policyId = await policy({
      name: 'push while down',
      src: 0,
      dest: registryId,
      dest_namespace: 'mirror',
      filters: [
        { type: 'name', value: 'src/app' },
        { type: 'tag', value: 'v1' },
      ],
    });
    await dist.kill();
    let failed: Execution;
    try {
      failed = await replicate(policyId, 150_000);
    } finally {
      await dist.restart();
    }
    expect(failed).toMatchObject({ status: 'Failed', total: 1, failed: 1 });
    expect((failed as unknown as { status_text: string }).status_text).toMatch(/ECONNREFUSED|connect/);
    const [task] = await tasksOf(failed.id);
    expect(task!.status).toBe('Failed');
    const log = await logOf(failed.id, task!.id);
    expect(log).toMatch(/trying again in \d+ ms/);
    expect(log).toContain('(attempt 3 of 3)');

    const resumed = await replicate(policyId);
    expect(resumed).toMatchObject({ status: 'Succeed', succeed: 1 });
    expect((await distManifest('mirror/app', 'v1')).digest).toBe(index.digest);
    const again = await replicate(policyId);
    const [last] = await tasksOf(again.id);
    const { rows } = await db.query(`SELECT extra_attrs FROM task WHERE id = $1`, [last!.id]);
    expect(rows[0].extra_attrs).toMatchObject({ blobs_copied: 0, manifests_copied: 0, tags_pushed: 0 });
  }, 240_000);

  it('the remote killed in the middle of a large blob: retries, Failed with the reason, then the next run completes once', async () => {
    const big = join(layout.dir, '..', `big-${Date.now()}.bin`);
    writeFileSync(big, randomBytes(24 * 1024 * 1024));
    layout.tag(layout.image([layout.layer({ 'data/big.bin': { copyFrom: big, mode: 0o644 } })]), 'big');
    rmSync(big);
    await exec('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      `oci:${layout.dir}:big`,
      `docker://${stack.registryHost}/src/big:v1`,
    ]);
    const policyId = await policy({
      name: 'killed mid-copy',
      src: 0,
      dest: registryId,
      dest_namespace: 'midway',
      // 2 MiB/s: the 24 MiB layer takes about 12 s, so the kill lands inside it.
      speed_kb: 2048,
      filters: [{ type: 'name', value: 'src/big' }],
    });
    const started = await api(stack.url, 'POST', '/replication/executions', {
      as: ADMIN,
      body: { policy_id: policyId },
    });
    expect(started.status).toBe(201);
    const executionId = Number(started.headers.get('location')!.split('/').pop());
    await waitFor(async () =>
      (await tasksOf(executionId)).some((t) => t.status === 'InProgress') ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 4000));
    await dist.kill();
    let failed: Execution;
    try {
      failed = await waitFor(async () => {
        const execution = (
          await api<Execution>(stack.url, 'GET', `/replication/executions/${executionId}`, { as: ADMIN })
        ).body;
        return execution.status === 'InProgress' ? undefined : execution;
      }, 150_000);
    } finally {
      await dist.restart();
    }
    expect(failed).toMatchObject({ status: 'Failed', total: 1, failed: 1 });
    const [task] = await tasksOf(executionId);
    const log = await logOf(executionId, task!.id);
    expect(log).toContain('(attempt 3 of 3)');
    expect((failed as unknown as { status_text: string }).status_text).toMatch(
      /ECONNREFUSED|connect|socket|closed/i,
    );
    // Nothing half-written is visible on the remote.
    expect((await distManifest('midway/big', 'v1')).status).toBe(404);

    const resumed = await replicate(policyId);
    expect(resumed).toMatchObject({ status: 'Succeed', succeed: 1 });
    const source = await api<{ digest: string }>(
      stack.url,
      'GET',
      '/projects/src/repositories/big/artifacts/v1',
      {
        as: ADMIN,
      },
    );
    expect((await distManifest('midway/big', 'v1')).digest).toBe(source.body.digest);
    const again = await replicate(policyId);
    const [last] = await tasksOf(again.id);
    const { rows } = await db.query(`SELECT extra_attrs FROM task WHERE id = $1`, [last!.id]);
    expect(rows[0].extra_attrs).toMatchObject({ blobs_copied: 0, manifests_copied: 0, tags_pushed: 0 });
  }, 300_000);

  it('stops a run: its task ends Stopped and the execution too', async () => {
    const policyId = await policy({ name: 'stopped', src: 0, dest: registryId, dest_namespace: 'stopme' });
    await dist.kill();
    try {
      const started = await api(stack.url, 'POST', '/replication/executions', {
        as: ADMIN,
        body: { policy_id: policyId },
      });
      const id = Number(started.headers.get('location')!.split('/').pop());
      // The remote is down, so the repository task keeps retrying until it is stopped.
      const deadline = Date.now() + 30_000;
      while ((await tasksOf(id)).every((t) => t.status !== 'InProgress') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      const stop = await api(stack.url, 'PUT', `/replication/executions/${id}`, { as: ADMIN });
      expect(stop.status).toBe(200);
      const execution = (
        await api<Execution>(stack.url, 'GET', `/replication/executions/${id}`, { as: ADMIN })
      ).body;
      expect(execution).toMatchObject({ status: 'Stopped', stopped: execution.total, in_progress: 0 });
      expect(execution.total).toBeGreaterThan(0);
      expect((await tasksOf(id)).map((t) => t.status)).toEqual(
        Array.from({ length: execution.total }, () => 'Stopped'),
      );
    } finally {
      await dist.restart();
    }
  });

  it("never writes the remote's password into a log of the instance or a task", async () => {
    const files = readdirSync(join(stack.dir, 'log'), { recursive: true, withFileTypes: true }).filter((f) =>
      f.isFile(),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      expect(readFileSync(join(file.parentPath, file.name), 'utf8'), file.name).not.toContain(dist.password);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM job_log WHERE content LIKE $1`, [
      `%${dist.password}%`,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('is for system admins only, and answers 404 and 412 as Harbor does', async () => {
    const user = { username: 'dev', password: 'Dev12345678' };
    const created = await api(stack.url, 'POST', '/users', {
      as: ADMIN,
      body: { username: user.username, password: user.password, email: 'dev@example.com', realname: 'dev' },
    });
    expect(created.status).toBe(201);
    expect((await api(stack.url, 'GET', '/replication/executions', { as: user })).status).toBe(403);
    expect((await api(stack.url, 'GET', '/replication/executions')).status).toBe(401);
    const missing = await api(stack.url, 'POST', '/replication/executions', {
      as: ADMIN,
      body: { policy_id: 9999 },
    });
    expect(missing.status).toBe(404);
    const disabled = await policy({ name: 'disabled', src: 0, dest: registryId });
    await db.query('UPDATE replication_policy SET enabled = false WHERE id = $1', [disabled]);
    const refused = await api(stack.url, 'POST', '/replication/executions', {
      as: ADMIN,
      body: { policy_id: disabled },
    });
    expect(refused.status).toBe(412);
    expect((await api(stack.url, 'GET', '/replication/executions/9999', { as: ADMIN })).status).toBe(404);
  });
});
