import { createHash } from 'node:crypto';
import { RegistryError, type RegistryHttp } from '@harbor-ts/registry-client';

/** Harbor's SBOM accessory: the config media type (and artifactType) that makes it `sbom.harbor`. */
export const SBOM_ARTIFACT_TYPE = 'application/vnd.goharbor.harbor.sbom.v1';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
/** Harbor stores the SBOM JSON as the accessory's one layer, as an uncompressed OCI layer. */
const SBOM_LAYER_TYPE = 'application/vnd.oci.image.layer.v1.tar';

/**
 * The scan robot's Basic credentials on every call, which core takes on /v2 as Harbor's does: core's
 * token realm is the external URL, which jobservice in a container may not reach.
 */
const AS_ROBOT = { basic: true } as const;

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function failed(res: { statusCode: number; body: { text(): Promise<string> } }, what: string) {
  const text = await res.body.text().catch(() => '');
  return new RegistryError(`${what}: ${res.statusCode} ${text.trim().slice(0, 300)}`, res.statusCode);
}

/** Uploads one small blob in a single PUT (after HEAD says the repository lacks it). */
async function uploadBlob(http: RegistryHttp, repository: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const head = await http.send('HEAD', `/v2/${repository}/blobs/${digest}`, AS_ROBOT);
  await head.body.dump();
  if (head.statusCode === 200) return digest;
  const started = await http.send('POST', `/v2/${repository}/blobs/uploads/`, AS_ROBOT);
  if (started.statusCode !== 202) throw await failed(started, `start an upload to ${repository}`);
  await started.body.dump();
  const location = started.headers.location;
  const url = new URL(
    String(Array.isArray(location) ? location[0] : location),
    http.url(`/v2/${repository}/`),
  );
  url.searchParams.set('digest', digest);
  const put = await http.send('PUT', url.toString(), {
    ...AS_ROBOT,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
    body: bytes,
  });
  if (put.statusCode !== 201) throw await failed(put, `upload ${digest} to ${repository}`);
  await put.body.dump();
  return digest;
}

/**
 * Pushes an SBOM as Harbor's accessory of an image: an OCI manifest whose `subject` is the image, with
 * `artifactType` and config media type `application/vnd.goharbor.harbor.sbom.v1` and the SBOM JSON as
 * its one layer. Core records it as the image's `sbom.harbor` accessory when the manifest arrives.
 * Returns the accessory's digest.
 */
export async function pushSbomAccessory(
  http: RegistryHttp,
  repository: string,
  subject: { mediaType: string; digest: string; size: number },
  sbom: Buffer,
  created = new Date(),
): Promise<string> {
  const createdText = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const layerDigest = await uploadBlob(http, repository, sbom);
  const config = Buffer.from(
    JSON.stringify({
      created: createdText,
      history: [{ created: createdText, author: 'harbor', created_by: 'harbor' }],
      rootfs: { type: 'layers', diff_ids: [layerDigest] },
    }),
  );
  const configDigest = await uploadBlob(http, repository, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: SBOM_ARTIFACT_TYPE,
      config: { mediaType: SBOM_ARTIFACT_TYPE, digest: configDigest, size: config.length },
      layers: [{ mediaType: SBOM_LAYER_TYPE, digest: layerDigest, size: sbom.length }],
      subject,
      annotations: {
        created: createdText,
        'created-by': 'Harbor',
        'org.opencontainers.artifact.created': createdText,
        'org.opencontainers.artifact.description': 'SPDX JSON SBOM',
      },
    }),
  );
  const digest = sha256(manifest);
  const put = await http.send('PUT', `/v2/${repository}/manifests/${digest}`, {
    ...AS_ROBOT,
    headers: { 'content-type': OCI_MANIFEST },
    body: manifest,
  });
  if (![200, 201, 202].includes(put.statusCode))
    throw await failed(put, `push the SBOM accessory to ${repository}`);
  await put.body.dump();
  return digest;
}
