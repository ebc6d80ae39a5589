import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { architecture: string; os: string };
}

/** Writes images as an OCI image layout on disk, which skopeo can copy anywhere (docker has no multi-layer import). */
export class OciLayout {
  readonly dir: string;
  private readonly refs: { descriptor: Descriptor; name: string }[] = [];

  constructor(dir = mkdtempSync(join(tmpdir(), 'oci-layout-'))) {
    this.dir = dir;
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  }

  /** An uncompressed tar layer of the given files (path → content, or a file to copy). */
  layer(files: Record<string, string | { copyFrom: string; mode?: number }>): Descriptor {
    const root = mkdtempSync(join(tmpdir(), 'layer-'));
    for (const [path, content] of Object.entries(files)) {
      const target = join(root, path);
      mkdirSync(join(target, '..'), { recursive: true });
      if (typeof content === 'string') writeFileSync(target, content);
      else writeFileSync(target, readFileSync(content.copyFrom), { mode: content.mode ?? 0o755 });
    }
    const tar = execFileSync(
      'tar',
      ['-C', root, '--sort=name', '--mtime=@0', '--owner=0', '--group=0', '-cf', '-', '.'],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    return this.blob(tar, 'application/vnd.oci.image.layer.v1.tar');
  }

  image(layers: Descriptor[], platform = { architecture: 'amd64', os: 'linux' }): Descriptor {
    const config = this.blob(
      Buffer.from(
        JSON.stringify({
          ...platform,
          created: '2024-05-06T07:08:09Z',
          author: 'e2e',
          config: { Cmd: ['/bin/busybox', 'sh'] },
          rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
        }),
      ),
      'application/vnd.oci.image.config.v1+json',
    );
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config,
      layers,
    };
    return { ...this.blob(Buffer.from(JSON.stringify(manifest)), manifest.mediaType), platform };
  }

  index(manifests: Descriptor[]): Descriptor {
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
    return this.blob(Buffer.from(JSON.stringify(index)), index.mediaType);
  }

  /** Names a manifest or index in index.json, so `oci:<dir>:<name>` finds it. */
  tag(descriptor: Descriptor, name: string): void {
    this.refs.push({ descriptor, name });
    const manifests = this.refs.map(({ descriptor: { platform: _p, ...d }, name: n }) => ({
      ...d,
      annotations: { 'org.opencontainers.image.ref.name': n },
    }));
    writeFileSync(join(this.dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  }

  private blob(data: Buffer, mediaType: string): Descriptor {
    const hex = createHash('sha256').update(data).digest('hex');
    writeFileSync(join(this.dir, 'blobs', 'sha256', hex), data);
    return { mediaType, digest: `sha256:${hex}`, size: data.length };
  }
}
