import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

/** A package database larger than this is not one: it is skipped rather than held in memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The files the analyzers read, by path inside the image (no leading slash). */
export function isWantedFile(path: string): boolean {
  return (
    path === 'etc/os-release' ||
    path === 'usr/lib/os-release' ||
    path === 'var/lib/dpkg/status' ||
    path === 'lib/apk/db/installed' ||
    (path.startsWith('var/lib/dpkg/status.d/') && !path.endsWith('.md5sums'))
  );
}

const normalise = (name: string) => name.replace(/^\.?\/+/, '').replace(/\/+$/, '');

/** One layer's bytes as the registry serves them; `gzip` from its media type. */
export interface LayerStream {
  stream: Readable;
  gzip: boolean;
}

/**
 * Streams an image's layers in order and keeps only the wanted files as the final filesystem has
 * them: a later layer's file replaces an earlier one, and whiteouts (`.wh.name`, `.wh..wh..opq`)
 * remove what lower layers had.
 */
export async function collectImageFiles(layers: AsyncIterable<LayerStream>): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for await (const layer of layers) {
    const extract = tar.extract();
    const feeding = layer.gzip
      ? pipeline(layer.stream, createGunzip(), extract)
      : pipeline(layer.stream, extract);
    for await (const entry of extract) {
      const path = normalise(entry.header.name);
      const slash = path.lastIndexOf('/');
      const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
      const base = path.slice(slash + 1);
      if (base === '.wh..wh..opq') {
        for (const known of [...files.keys()]) if (known.startsWith(dir)) files.delete(known);
      } else if (base.startsWith('.wh.')) {
        const removed = dir + base.slice(4);
        for (const known of [...files.keys()])
          if (known === removed || known.startsWith(`${removed}/`)) files.delete(known);
      } else if (
        entry.header.type === 'file' &&
        isWantedFile(path) &&
        (entry.header.size ?? 0) <= MAX_FILE_BYTES
      ) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        files.set(path, Buffer.concat(chunks));
        continue;
      }
      entry.resume();
    }
    await feeding;
  }
  return files;
}
