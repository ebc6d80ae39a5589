// The benchmark's images: this host's own Debian package database (its real dpkg status, cut to the
// first N packages) and about 100 MB of its real files, as gzipped OCI layers.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function tarOf(entries) {
  const pack = tar.pack();
  for (const [name, content] of entries) pack.entry({ name, mode: 0o644 }, content);
  pack.finalize();
  const chunks = [];
  for await (const chunk of pack) chunks.push(chunk);
  return gzipSync(Buffer.concat(chunks), { level: 1 });
}

/** The first `count` installed packages of the host's dpkg status, as an image would hold them. */
export function hostPackages(count) {
  const paragraphs = readFileSync('/var/lib/dpkg/status', 'utf8')
    .split(/\n\n+/)
    .filter((p) => /^Status: install ok installed$/m.test(p));
  return paragraphs.slice(0, count).join('\n\n') + '\n';
}

/** Real files from /usr/lib until `bytes`, spread over layers of about 25 MB. */
function* hostFiles(bytes) {
  let total = 0;
  const walk = function* (dir) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* walk(path);
      else if (entry.isFile()) yield path;
    }
  };
  for (const path of walk('/usr/lib')) {
    const size = statSync(path).size;
    if (size === 0 || size > 8 * 1024 * 1024) continue;
    total += size;
    yield [path.slice(1), readFileSync(path)];
    if (total >= bytes) return;
  }
}

/** Layers of a ~`megabytes` MB Debian image whose dpkg status lists `packages` packages. */
export async function debianImageLayers(megabytes, packages) {
  const layers = [
    await tarOf([
      ['etc/os-release', readFileSync('/etc/os-release')],
      ['var/lib/dpkg/status', Buffer.from(hostPackages(packages))],
    ]),
  ];
  let batch = [];
  let size = 0;
  for (const file of hostFiles(megabytes * 1024 * 1024)) {
    batch.push(file);
    size += file[1].length;
    if (size > 25 * 1024 * 1024) {
      layers.push(await tarOf(batch));
      batch = [];
      size = 0;
    }
  }
  if (batch.length) layers.push(await tarOf(batch));
  return layers;
}

/** Pushes an OCI image of `layers` (blobs already present are skipped) and returns its digest. */
export async function pushImage(registry, authorization, repository, tag, layers) {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [] },
      created: tag,
    }),
  );
  for (const blob of [config, ...layers]) {
    const head = await fetch(`${registry}/v2/${repository}/blobs/${sha256(blob)}`, {
      method: 'HEAD',
      headers: { authorization },
    });
    if (head.status === 200) continue;
    const start = await fetch(`${registry}/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization },
    });
    const location = new URL(start.headers.get('location'), registry);
    location.searchParams.set('digest', sha256(blob));
    const put = await fetch(location, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'application/octet-stream' },
      body: blob,
    });
    if (put.status !== 201) throw new Error(`blob push failed: ${put.status}`);
  }
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length,
      },
      layers: layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha256(l),
        size: l.length,
      })),
    }),
  );
  const put = await fetch(`${registry}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { authorization, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  if (put.status !== 201) throw new Error(`manifest push failed: ${put.status} ${await put.text()}`);
  return sha256(manifest);
}
