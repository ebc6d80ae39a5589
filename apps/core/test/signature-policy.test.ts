import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisConfig } from '@harbor-ts/testing';
import { startCore, type CoreTestApp } from './support/core-test-app.js';
import { eventually } from './support/eventually.js';
import { ADMIN, api } from './support/harbor-client.js';
import { OciClient, registryToken, sha256 } from './support/oci-client.js';
import { startRegistry, type RegistryProcess } from './support/registry-process.js';
import { RegistryFixtures, ROLE, writeTokenKey } from './support/registry-fixtures.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const COSIGN_LAYER = 'application/vnd.dev.cosign.simplesigning.v1+json';
const COSIGN_ANNOTATION = 'dev.cosignproject.cosign/signature';
const NOT_COSIGNED = 'The image is not signed by cosign.';
const NOT_NOTATED = 'The image is not signed by notation.';
type OciErrors = { errors: { code: string; message: string }[] };

const pemOf = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

/**
 * Harbor's signature policies (enable_content_trust_cosign, enable_content_trust for notation) on
 * /v2 manifest pulls, against the real registry; plus harbor-ts's optional cosign public keys.
 */
describe('signature policies on pull', () => {
  let core: CoreTestApp;
  let registry: RegistryProcess;
  let db: RegistryFixtures;
  let projectId: number;
  const dev = { username: 'sigdev', password: 'Dev12345' };
  const guest = { username: 'sigguest', password: 'Guest12345' };
  const scanner = { username: 'robot$signed+scanner', password: 'ScanSecret1' };
  const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  let client: OciClient;
  let v1: string;
  let v2: string;
  let legacySignature: string;
  let notationSignature: string;

  beforeAll(async () => {
    const redis = testRedisConfig('signature-policy');
    registry = await startRegistry(redis);
    const key = writeTokenKey();
    core = await startCore({
      redis,
      registry: registry.endpoint,
      registryEvents: registry.events,
      token: { privateKeyFile: key.privateKeyFile, certificateFile: key.certificateFile },
    });
    db = new RegistryFixtures(core.config.database);
    projectId = await db.project('signed');
    await db.member(projectId, await db.user(dev.username, dev.password), ROLE.developer);
    await db.member(projectId, await db.user(guest.username, guest.password), ROLE.guest);
    const robotId = await db.robot(projectId, scanner.username, scanner.password, ['pull']);
    await db.query(`UPDATE robot SET creator_type = 'scan' WHERE id = $1`, [robotId]);
    client = await as(dev, ['repository:signed/app:pull,push']);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await core?.close();
    await registry?.stop();
  });

  async function as(who: { username: string; password: string }, scopes: string[]) {
    return OciClient.bearer(core.baseUrl, await registryToken(core.baseUrl, scopes, who));
  }

  async function setMetadata(values: Record<string, string | null>) {
    for (const [name, value] of Object.entries(values)) {
      if (value === null) {
        await db.query('DELETE FROM project_metadata WHERE project_id = $1 AND name = $2', [projectId, name]);
        continue;
      }
      await db.query(
        `INSERT INTO project_metadata (project_id, name, value) VALUES ($1, $2, $3)
         ON CONFLICT (project_id, name) DO UPDATE SET value = EXCLUDED.value`,
        [projectId, name, value],
      );
    }
  }

  async function pull(reference: string, via = client, method = 'GET', userAgent?: string) {
    const response = await via.fetch(`/v2/signed/app/manifests/${reference}`, {
      method,
      headers: { accept: OCI_MANIFEST, ...(userAgent ? { 'user-agent': userAgent } : {}) },
    });
    const body = method === 'GET' ? await response.text() : '';
    return { status: response.status, body };
  }

  /** Waits out the policy's 2 s cache until the pull answers `status`. */
  const pullSettles = (reference: string, status: number) =>
    eventually(
      () => pull(reference),
      (r) => r.status === status,
    );

  const refusalOf = (body: string) => (JSON.parse(body) as OciErrors).errors[0];

  /** cosign's usual signature: a `sha256-<hex>.sig` tag, simple signing payload, signature annotation. */
  async function pushCosignSignature(
    subject: string,
    options: { key?: KeyObject; referrer?: boolean; salt?: string } = {},
  ) {
    const payload = Buffer.from(
      JSON.stringify({
        critical: {
          identity: { 'docker-reference': `harbor.test/signed/app` },
          image: { 'docker-manifest-digest': subject },
          type: 'cosign container image signature',
        },
        optional: options.salt ? { salt: options.salt } : null,
      }),
    );
    const signature = createSign('SHA256')
      .update(payload)
      .sign(options.key ?? signer.privateKey)
      .toString('base64');
    const config = Buffer.from(JSON.stringify({ architecture: '', os: '', rootfs: { type: 'layers' } }));
    for (const blob of [config, payload])
      expect((await client.pushBlob('signed/app', blob)).status).toBe(201);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      ...(options.referrer ? { artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json' } : {}),
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length,
      },
      layers: [
        {
          mediaType: COSIGN_LAYER,
          digest: sha256(payload),
          size: payload.length,
          annotations: { [COSIGN_ANNOTATION]: signature },
        },
      ],
      ...(options.referrer ? { subject: { mediaType: OCI_MANIFEST, digest: subject, size: 1 } } : {}),
    };
    const digest = sha256(JSON.stringify(manifest));
    const reference = options.referrer ? digest : `sha256-${subject.slice(7)}.sig`;
    const response = await client.pushManifest('signed/app', reference, manifest, OCI_MANIFEST);
    expect(response.status).toBe(201);
    return digest;
  }

  /** A notation signature: an OCI referrer of artifactType application/vnd.cncf.notary.signature. */
  async function pushNotationSignature(subject: string) {
    const empty = Buffer.from('{}');
    const envelope = Buffer.from(JSON.stringify({ payload: 'e30', protected: 'e30', signature: 'c2ln' }));
    for (const blob of [empty, envelope])
      expect((await client.pushBlob('signed/app', blob)).status).toBe(201);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: 'application/vnd.cncf.notary.signature',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: 2 },
      layers: [{ mediaType: 'application/jose+json', digest: sha256(envelope), size: envelope.length }],
      subject: { mediaType: OCI_MANIFEST, digest: subject, size: 1 },
      annotations: { 'io.cncf.notary.x509chain.thumbprint#S256': '["abc"]' },
    };
    const digest = sha256(JSON.stringify(manifest));
    expect((await client.pushManifest('signed/app', digest, manifest, OCI_MANIFEST)).status).toBe(201);
    return digest;
  }

  it('checks nothing while the flags are off', async () => {
    v1 = (await client.pushImage('signed/app', 'v1')).digest;
    v2 = (await client.pushImage('signed/app', 'v2')).digest;
    expect((await pull('v1')).status).toBe(200);
    expect((await pull(v2)).status).toBe(200);
  });

  it('refuses an image without a cosign signature once enable_content_trust_cosign is on', async () => {
    await setMetadata({ enable_content_trust_cosign: 'true' });
    const refused = await pullSettles('v1', 412);
    expect(refused.status).toBe(412);
    expect(refusalOf(refused.body)).toEqual({
      code: 'PROJECTPOLICYVIOLATION',
      message: NOT_COSIGNED,
    });
    expect((await pull(v1)).status).toBe(412);
    expect((await pull('v1', client, 'HEAD')).status).toBe(412);
    // An unknown reference is still the registry's 404.
    expect((await pull('nothing')).status).toBe(404);
    // Pushing is not a pull: it goes on.
    expect((await client.pushImage('signed/app', 'v3')).response.status).toBe(201);
  });

  it('lets the scan robot and cosign fetching what it signs through, nobody else', async () => {
    const robot = await as(scanner, ['repository:signed/app:pull']);
    expect((await pull('v1', robot)).status).toBe(200);
    expect((await pull('v1', client, 'GET', 'cosign/v2.2.3 (linux; amd64)')).status).toBe(200);
    expect((await pull('v1', client, 'HEAD', 'notation/v1.1.0')).status).toBe(200);
    // cosign's User-Agent without push permission proves nothing.
    const reader = await as(guest, ['repository:signed/app:pull,push']);
    expect((await pull('v1', reader, 'GET', 'cosign/v2.2.3')).status).toBe(412);
    expect((await pull('v1', reader)).status).toBe(412);
  });

  it('lets a cosign-signed image through: a `.sig` tag, or an OCI 1.1 referrer', async () => {
    legacySignature = await pushCosignSignature(v1);
    expect((await pull('v1')).status).toBe(200);
    expect((await pull(v1, client, 'HEAD')).status).toBe(200);
    expect((await pull('v2')).status).toBe(412);
    await pushCosignSignature(v2, { referrer: true });
    const [accessory] = await db.query<{ type: string }>(
      `SELECT acc.type FROM artifact_accessory acc WHERE acc.subject_artifact_digest = $1`,
      [v2],
    );
    expect(accessory?.type).toBe('signature.cosign');
    expect((await pull('v2')).status).toBe(200);
  });

  it('records a `sha256-<hex>.sig` tag push without a subject as a cosign accessory of that digest, as Harbor', async () => {
    const accessories = await api<{ type: string; digest: string; subject_artifact_digest: string }[]>(
      core.baseUrl,
      'GET',
      '/projects/signed/repositories/app/artifacts/v1/accessories',
      { as: ADMIN },
    );
    expect(accessories.status).toBe(200);
    expect(accessories.body).toEqual([
      expect.objectContaining({
        type: 'signature.cosign',
        digest: legacySignature,
        subject_artifact_digest: v1,
      }),
    ]);
    // An accessory is shown on its subject, not listed as an artifact of its own.
    const listed = await api<{ digest: string }[]>(
      core.baseUrl,
      'GET',
      '/projects/signed/repositories/app/artifacts?page_size=100',
      { as: ADMIN },
    );
    expect(listed.body.map((artifact) => artifact.digest)).not.toContain(legacySignature);
  });

  it('always lets the signatures themselves be pulled', async () => {
    expect((await pull(`sha256-${v1.slice(7)}.sig`)).status).toBe(200);
    expect((await pull(legacySignature)).status).toBe(200);
    const [referrer] = await db.query<{ digest: string }>(
      `SELECT digest FROM artifact_accessory WHERE subject_artifact_digest = $1`,
      [v2],
    );
    expect((await pull(referrer!.digest)).status).toBe(200);
  });

  it('asks for a notation signature with enable_content_trust, and for both with both', async () => {
    await setMetadata({ enable_content_trust_cosign: 'false', enable_content_trust: 'true' });
    const refused = await pullSettles('v1', 412);
    expect(refusalOf(refused.body)?.message).toBe(NOT_NOTATED);
    notationSignature = await pushNotationSignature(v1);
    expect((await pull('v1')).status).toBe(200);
    expect((await pull(notationSignature)).status).toBe(200);
    // A cosign signature is itself pullable under the notation policy.
    expect((await pull(legacySignature)).status).toBe(200);

    await setMetadata({ enable_content_trust_cosign: 'true' });
    // v3 has no signature: the message turns to cosign's once both policies are read.
    const both = await eventually(
      () => pull('v3'),
      (r) => r.status === 412 && refusalOf(r.body)?.message === NOT_COSIGNED,
    );
    expect(refusalOf(both.body)?.message).toBe(NOT_COSIGNED);
    expect(refusalOf((await pull('v2')).body)?.message).toBe(NOT_NOTATED);
    expect((await pull('v1')).status).toBe(200);
  });

  it('checks nothing again once the flags are off', async () => {
    await setMetadata({ enable_content_trust_cosign: 'false', enable_content_trust: 'false' });
    expect((await pullSettles('v3', 200)).status).toBe(200);
    expect((await pull('v2', client, 'HEAD')).status).toBe(200);
  });

  it('with cosign_public_keys, counts only cosign signatures that verify against a key', async () => {
    await setMetadata({
      enable_content_trust_cosign: 'true',
      cosign_public_keys: JSON.stringify([pemOf(signer.publicKey)]),
    });
    expect((await pullSettles('v3', 412)).status).toBe(412);
    // v1's `.sig` and v2's referrer were both made with the signer's key.
    expect((await pull('v1')).status).toBe(200);
    expect((await pull('v2')).status).toBe(200);
    // A signature by another key does not count, nor does a signature over another digest.
    const v4 = (await client.pushImage('signed/app', 'v4')).digest;
    await pushCosignSignature(v4, { key: stranger.privateKey });
    expect(refusalOf((await pull('v4')).body)?.message).toBe(NOT_COSIGNED);
    const v5 = (await client.pushImage('signed/app', 'v5')).digest;
    await pushCosignSignature(v5, { referrer: true, salt: 'x' });
    expect((await pull('v5')).status).toBe(200);

    await setMetadata({ cosign_public_keys: JSON.stringify([pemOf(stranger.publicKey)]) });
    expect((await pullSettles('v1', 412)).status).toBe(412);
    expect(refusalOf((await pull('v2')).body)?.message).toBe(NOT_COSIGNED);
    expect((await pull('v4')).status).toBe(200);
    // Keys that do not parse (written past the API) verify nothing.
    await setMetadata({ cosign_public_keys: '["garbage"]' });
    expect((await pullSettles('v4', 412)).status).toBe(412);
    // No keys: any cosign signature counts, as in Harbor.
    await setMetadata({ cosign_public_keys: null });
    expect((await pullSettles('v1', 200)).status).toBe(200);
    expect((await pull('v4')).status).toBe(200);
  });

  it('accepts cosign_public_keys through the project API only as P-256 PEM keys', async () => {
    const put = (metadata: Record<string, string>) =>
      api(core.baseUrl, 'PUT', `/projects/${projectId}`, { as: ADMIN, body: { metadata } });
    const bad = await put({ cosign_public_keys: '["not a key"]' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('metadata.cosign_public_keys: key 0: not a PEM public key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect((await put({ cosign_public_keys: JSON.stringify([pemOf(rsa)]) })).status).toBe(400);
    expect((await put({ cosign_public_keys: 'nope' })).status).toBe(400);
    const tooMany = JSON.stringify([pemOf(signer.publicKey), pemOf(stranger.publicKey)]);
    expect((await put({ cosign_public_keys: tooMany })).status).toBe(400);
    expect((await put({ cosign_public_keys: JSON.stringify([pemOf(signer.publicKey)]) })).status).toBe(200);
    const read = await api<Record<string, string>>(
      core.baseUrl,
      'GET',
      `/projects/${projectId}/metadatas/cosign_public_keys`,
      { as: ADMIN },
    );
    expect(read.body).toEqual({ cosign_public_keys: JSON.stringify([pemOf(signer.publicKey)]) });
    // The key the API stored is the one the policy verifies with.
    expect(refusalOf((await pullSettles('v4', 412)).body)?.message).toBe(NOT_COSIGNED);
    expect((await pull('v1')).status).toBe(200);
  });
});
