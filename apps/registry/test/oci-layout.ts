import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { architecture: string; os: string };
  annotations?: Record<string, string>;
}

/** Builds an OCI image layout directory for skopeo, from real tar layers made by the tar CLI. */
export class OciLayout {
  private readonly refs: Descriptor[] = [];

  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
    writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  }

  addBlob(data: Buffer, mediaType: string): Descriptor {
    const hex = createHash('sha256').update(data).digest('hex');
    writeFileSync(join(this.dir, 'blobs/sha256', hex), data);
    return { mediaType, digest: `sha256:${hex}`, size: data.length };
  }

  /** A layer holding one file, tarred by the tar CLI (deterministic metadata). */
  addLayer(fileName: string, content: string | Buffer): Descriptor {
    const source = mkdtempSync(join(tmpdir(), 'layer-'));
    try {
      writeFileSync(join(source, fileName), content);
      const tar = join(source, '..', `${source.split('/').pop() ?? 'layer'}.tar.gz`);
      // Compressed already, so skopeo has no reason to rewrite layers (and the manifest digests).
      const args = ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '-I', 'gzip -n', '-cf', tar, '-C', source, fileName];
      execFileSync('tar', args);
      const data = readFileSync(tar);
      rmSync(tar);
      return this.addBlob(data, 'application/vnd.oci.image.layer.v1.tar+gzip');
    } finally {
      rmSync(source, { recursive: true, force: true });
    }
  }

  addImage(architecture: string, layers: Descriptor[]): Descriptor {
    const config = this.addBlob(
      Buffer.from(JSON.stringify({ architecture, os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) }, config: {} })),
      'application/vnd.oci.image.config.v1+json',
    );
    const manifest = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers };
    return { ...this.addBlob(Buffer.from(JSON.stringify(manifest)), manifest.mediaType), platform: { architecture, os: 'linux' } };
  }

  addIndex(manifests: Descriptor[]): Descriptor {
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
    return this.addBlob(Buffer.from(JSON.stringify(index)), index.mediaType);
  }

  tag(descriptor: Descriptor, name: string): void {
    const { platform: _platform, ...rest } = descriptor;
    this.refs.push({ ...rest, annotations: { 'org.opencontainers.image.ref.name': name } });
    writeFileSync(join(this.dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: this.refs }));
  }
}

/** A layout with `single` (one amd64 image) and `multi` (an amd64 + arm64 index). */
export function sampleLayout(dir: string): { single: Descriptor; multi: Descriptor } {
  const layout = new OciLayout(dir);
  const shared = layout.addLayer('etc-release', 'harbor-ts test image\n');
  const amd64 = layout.addImage('amd64', [shared, layout.addLayer('arch', 'amd64\n')]);
  const arm64 = layout.addImage('arm64', [shared, layout.addLayer('arch', `arm64\n${'x'.repeat(300_000)}`)]);
  const multi = layout.addIndex([amd64, arm64]);
  layout.tag(amd64, 'single');
  layout.tag(multi, 'multi');
  return { single: amd64, multi };
}
