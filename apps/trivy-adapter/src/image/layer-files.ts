import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { GO_BUILDINFO_MAGIC, parseGoBuildInfo } from '../analyzers/go-binary.js';
import { JAVA_ARCHIVE, reduceJavaArchive } from '../analyzers/java-archive.js';
import { NODE_MODULES_PACKAGE_JSON } from '../analyzers/npm-packages.js';
import { PYTHON_METADATA } from '../analyzers/python-packages.js';
import { RPM_SQLITE_PATHS } from '../analyzers/rpm-database.js';

/** A package database larger than this is not one: it is skipped rather than held in memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The files the analyzers read, by path inside the image (no leading slash); executables are
 * looked at too, for Go build information.
 */
export function isWantedFile(path: string): boolean {
  return (
    path === 'etc/os-release' ||
    path === 'usr/lib/os-release' ||
    path === 'var/lib/dpkg/status' ||
    path === 'lib/apk/db/installed' ||
    (path.startsWith('var/lib/dpkg/status.d/') && !path.endsWith('.md5sums')) ||
    RPM_SQLITE_PATHS.includes(path) ||
    path.endsWith('/package-lock.json') ||
    path === 'package-lock.json' ||
    NODE_MODULES_PACKAGE_JSON.test(path) ||
    PYTHON_METADATA.test(path) ||
    JAVA_ARCHIVE.test(path)
  );
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const EXECUTABLE_BITS = 0o111;

/**
 * What of a file the analyzers need: a Java archive cut down to its Maven metadata, an executable
 * cut down to its Go build information (nothing when it is not a Go binary), other files whole.
 */
function keptPart(path: string, data: Buffer, mode: number): Buffer | undefined {
  if (JAVA_ARCHIVE.test(path)) return reduceJavaArchive(data);
  if (isWantedFile(path)) return data;
  if (!(mode & EXECUTABLE_BITS) || !data.subarray(0, 4).equals(ELF_MAGIC)) return undefined;
  const info = parseGoBuildInfo(data);
  if (!info) return undefined;
  const start = data.indexOf(GO_BUILDINFO_MAGIC);
  return Buffer.from(data.subarray(start, start + info.length));
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
        (isWantedFile(path) || ((entry.header.mode ?? 0) & EXECUTABLE_BITS) !== 0) &&
        (entry.header.size ?? 0) <= MAX_FILE_BYTES
      ) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        const kept = keptPart(path, Buffer.concat(chunks), entry.header.mode ?? 0);
        // A replaced file that is no longer of interest hides what a lower layer had there.
        if (kept) files.set(path, kept);
        else files.delete(path);
        continue;
      }
      entry.resume();
    }
    await feeding;
  }
  return files;
}
