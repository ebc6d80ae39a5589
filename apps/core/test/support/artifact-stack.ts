import { testRedisConfig } from '@harbor-ts/testing';
import { startCore, type CoreTestApp } from './core-test-app.js';
import { ADMIN, type Credentials } from './harbor-client.js';
import { OciClient, registryToken, sha256 } from './oci-client.js';
import { startRegistry, type RegistryProcess } from './registry-process.js';
import { RegistryFixtures, writeTokenKey } from './registry-fixtures.js';
import { expectSchema } from './swagger-schema.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export interface ArtifactStack {
  core: CoreTestApp;
  registry: RegistryProcess;
  db: RegistryFixtures;
  /** A /v2 client holding a token for `repository` (pull, push, delete) as `as` (admin by default). */
  client(repository: string, as?: Credentials): Promise<OciClient>;
  /** Stops the registry (core stays up), to see what core does when the registry is gone. */
  stopRegistry(): Promise<void>;
  close(): Promise<void>;
}

/** Core in front of the real registry, as the artifact API tests need it: pushes go through /v2. */
export async function startArtifactStack(name: string): Promise<ArtifactStack> {
  const redis = testRedisConfig(name);
  const registry = await startRegistry(redis);
  const key = writeTokenKey();
  const core = await startCore({
    redis,
    registry: registry.endpoint,
    registryEvents: registry.events,
    token: { privateKeyFile: key.privateKeyFile, certificateFile: key.certificateFile },
  });
  const db = new RegistryFixtures(core.config.database);
  let registryStopped: Promise<void> | undefined;
  const stopRegistry = () => (registryStopped ??= registry.stop());
  return {
    core,
    registry,
    db,
    async client(repository, as = ADMIN) {
      return OciClient.bearer(
        core.baseUrl,
        await registryToken(core.baseUrl, [`repository:${repository}:pull,push,delete`], as),
      );
    },
    stopRegistry,
    async close() {
      await db.close();
      await core.close();
      await stopRegistry();
    },
  };
}

/** An untagged image manifest pushed by digest (as buildx pushes an index's children). */
export async function pushUntaggedImage(client: OciClient, repository: string, architecture: string) {
  const config = Buffer.from(
    JSON.stringify({ architecture, os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const layer = Buffer.from(`layer ${repository} ${architecture}`);
  for (const blob of [config, layer]) {
    const response = await client.pushBlob(repository, blob);
    if (response.status !== 201) throw new Error(`blob push failed: ${response.status}`);
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(config),
      size: config.length,
    },
    layers: [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(layer), size: layer.length },
    ],
  };
  const bytes = JSON.stringify(manifest);
  const digest = sha256(bytes);
  const response = await client.pushManifest(repository, digest, manifest, OCI_MANIFEST);
  if (response.status !== 201)
    throw new Error(`manifest push failed: ${response.status} ${await response.text()}`);
  return { digest, size: bytes.length, layer, config };
}

/** A multi-arch OCI index over freshly pushed, untagged children. */
export async function pushIndex(
  client: OciClient,
  repository: string,
  tag: string,
  architectures = ['amd64', 'arm64'],
) {
  const children = [];
  for (const architecture of architectures)
    children.push({ architecture, ...(await pushUntaggedImage(client, repository, architecture)) });
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: children.map((c) => ({
      mediaType: OCI_MANIFEST,
      digest: c.digest,
      size: c.size,
      platform: { architecture: c.architecture, os: 'linux' },
    })),
  };
  const response = await client.pushManifest(repository, tag, index, OCI_INDEX);
  if (response.status !== 201)
    throw new Error(`index push failed: ${response.status} ${await response.text()}`);
  return { digest: sha256(JSON.stringify(index)), children };
}

/**
 * Harbor's Artifact (or Artifact[]) schema. Harbor's swagger types extra_attrs values as objects, yet
 * Harbor itself answers `"architecture": "amd64"`; extra_attrs is checked to be an object, the rest as written.
 */
export function expectArtifactSchema(body: unknown, name: 'Artifact' | 'Artifact[]'): void {
  const strip = (artifact: Record<string, unknown>) => {
    if (typeof artifact.extra_attrs !== 'object' || artifact.extra_attrs === null)
      throw new Error('extra_attrs must be an object');
    return { ...artifact, extra_attrs: {} };
  };
  expectSchema(Array.isArray(body) ? body.map(strip) : strip(body as Record<string, unknown>), name);
}

/** A cosign-style signature (artifactType cosign, empty config) whose subject is `subject`. */
export async function pushSignature(
  client: OciClient,
  repository: string,
  subject: { mediaType: string; digest: string; size: number },
) {
  const empty = Buffer.from('{}');
  const payload = Buffer.from(`signature of ${subject.digest}`);
  for (const blob of [empty, payload]) {
    const response = await client.pushBlob(repository, blob);
    if (response.status !== 201) throw new Error(`blob push failed: ${response.status}`);
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: empty.length },
    layers: [
      {
        mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
        digest: sha256(payload),
        size: payload.length,
      },
    ],
    subject,
  };
  const digest = sha256(JSON.stringify(manifest));
  const response = await client.pushManifest(repository, digest, manifest, OCI_MANIFEST);
  if (response.status !== 201)
    throw new Error(`signature push failed: ${response.status} ${await response.text()}`);
  return { digest };
}
