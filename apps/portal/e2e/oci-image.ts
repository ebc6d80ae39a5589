import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSync } from '../../../deploy/test/support/harness.js';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

interface Descriptor {
  digest: string;
  size: number;
}

/** Writes blob `data` under `<dir>/blobs/sha256`; returns its descriptor. */
function putBlob(dir: string, data: Buffer | string): Descriptor {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const digest = sha256(data);
  writeFileSync(join(blobs, digest), data);
  return { digest: `sha256:${digest}`, size: Buffer.byteLength(data) };
}

/** One text file in an uncompressed tar layer, an image config for `architecture` and its manifest. */
function writeImage(dir: string, content: string, architecture: string): Descriptor {
  const src = join(dir, `rootfs-${architecture}`);
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'hello.txt'), content);
  const tarFile = join(dir, `layer-${architecture}.tar`);
  const tar = runSync('tar', [
    '--sort=name',
    '--mtime=@0',
    '--owner=0',
    '--group=0',
    '-cf',
    tarFile,
    '-C',
    src,
    '.',
  ]);
  if (tar.code !== 0) throw new Error(`tar failed: ${tar.stderr}`);

  const layer = putBlob(dir, readFileSync(tarFile));
  const config = putBlob(
    dir,
    JSON.stringify({
      architecture,
      os: 'linux',
      created: '2024-01-02T03:04:05Z',
      config: { Cmd: ['/hello.txt'] },
      rootfs: { type: 'layers', diff_ids: [layer.digest] },
      // What the portal shows as build history (Harbor's build_history addition).
      history: [
        { created: '2024-01-02T03:04:05Z', created_by: 'COPY hello.txt / # buildkit' },
        { created: '2024-01-02T03:04:05Z', created_by: 'CMD ["/hello.txt"]', empty_layer: true },
      ],
    }),
  );
  return putBlob(
    dir,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
    }),
  );
}

/** The layout's `index.json`, naming one manifest (an image or an index) as `tag`. */
function writeLayoutIndex(dir: string, tag: string, mediaType: string, manifest: Descriptor): void {
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType, ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
}

/**
 * A tiny single-layer image as an OCI layout directory (`oci:<dir>:<tag>` for skopeo): one text file
 * in an uncompressed tar layer, so the test needs neither docker nor a network.
 */
export function writeOciLayout(dir: string, tag: string, content: string): void {
  const manifest = writeImage(dir, content, 'amd64');
  writeLayoutIndex(dir, tag, 'application/vnd.oci.image.manifest.v1+json', manifest);
}

/**
 * A multi-arch image: an OCI image index over one tiny linux image per architecture, named `tag` in the
 * layout (push it with `skopeo copy --all`).
 */
export function writeOciIndexLayout(dir: string, tag: string, architectures: string[]): void {
  const manifests = architectures.map((architecture) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    ...writeImage(dir, `hello from ${architecture}\n`, architecture),
    platform: { os: 'linux', architecture },
  }));
  const index = putBlob(
    dir,
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }),
  );
  writeLayoutIndex(dir, tag, 'application/vnd.oci.image.index.v1+json', index);
}
