// docker's push of a small image over plain HTTP, for benches against a native stack (nginx in front):
// a token, two 1 KiB layers and a config (monolithic uploads), then the manifest.
import { createHash, randomBytes } from 'node:crypto';

export const ADMIN = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export async function token(stack, repository) {
  const response = await fetch(
    `${stack.url}/service/token?service=harbor-registry&scope=repository:${repository}:pull,push`,
    { headers: { authorization: ADMIN } },
  );
  return `Bearer ${(await response.json()).token}`;
}

export async function expectStatus(response, status, what) {
  if (response.status !== status)
    throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

async function pushBlob(stack, repository, auth, bytes) {
  const digest = sha256(bytes);
  const url = `${stack.url}/v2/${repository}/blobs/uploads/?digest=${digest}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  await expectStatus(response, 201, `push blob ${digest}`);
  return { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: bytes.length };
}

/** Returns how long the push took, when its manifest was accepted (epoch ms) and what it pushed. */
export async function pushImage(stack, repository, tag) {
  const started = process.hrtime.bigint();
  const auth = await token(stack, repository);
  const layers = [
    await pushBlob(stack, repository, auth, randomBytes(1024)),
    await pushBlob(stack, repository, auth, randomBytes(1024)),
  ];
  const config = await pushBlob(
    stack,
    repository,
    auth,
    Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
    ),
  );
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { ...config, mediaType: 'application/vnd.oci.image.config.v1+json' },
    layers,
  });
  const response = await fetch(`${stack.url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { authorization: auth, 'content-type': OCI_MANIFEST },
    body: manifest,
  });
  await expectStatus(response, 201, `push manifest ${repository}:${tag}`);
  return {
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    acceptedAt: Date.now(),
    repository,
    tag,
    blobs: [config.digest, ...layers.map((l) => l.digest)],
  };
}

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
