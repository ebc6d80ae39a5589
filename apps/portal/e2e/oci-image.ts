import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSync } from '../../../deploy/test/support/harness.js';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * A tiny single-layer image as an OCI layout directory (`oci:<dir>:<tag>` for skopeo): one text file
 * in an uncompressed tar layer, so the test needs neither docker nor a network.
 */
export function writeOciLayout(dir: string, tag: string, content: string): void {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const src = join(dir, 'rootfs');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'hello.txt'), content);
  const tarFile = join(dir, 'layer.tar');
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

  const put = (data: Buffer | string) => {
    const digest = sha256(data);
    writeFileSync(join(blobs, digest), data);
    return { digest: `sha256:${digest}`, size: Buffer.byteLength(data) };
  };
  const layer = put(readFileSync(tarFile));
  const config = put(
    JSON.stringify({
      architecture: 'amd64',
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
  const manifest = put(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
    }),
  );
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': tag },
        },
      ],
    }),
  );
}
