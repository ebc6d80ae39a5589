import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';

/** A chart archive unpacks to far less than this; more is a malformed or hostile archive. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** The largest single file (values.yaml, README.md, Chart.yaml) read into memory. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

function tooLarge(what: string): HarborError {
  return new HarborError(HarborErrorCode.INTERNAL_SERVER_ERROR, `chart ${what} is too large`);
}

/** Fails the stream once more than `limit` bytes went through it. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      callback(seen > limit ? tooLarge('archive') : null, chunk);
    },
  });
}

function unreadable(error: unknown): HarborError {
  if (error instanceof HarborError) return error;
  return new HarborError(HarborErrorCode.INTERNAL_SERVER_ERROR, 'the chart archive cannot be read');
}

async function readEntry(entry: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of entry) {
    const bytes = chunk as Buffer;
    total += bytes.length;
    if (total > MAX_FILE_BYTES) throw tooLarge('file');
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The files named in `wanted` (lower-case) at the top of a chart archive (`<chart>/values.yaml`), read as
 * the .tgz streams by; reading stops once all are found. Names match case-insensitively, as in Harbor.
 */
export async function readChartFiles(
  archive: Readable,
  wanted: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const extract = tar.extract();
  const piped = pipeline(archive, createGunzip(), byteLimit(MAX_UNPACKED_BYTES), extract).then(
    () => undefined,
    (error: unknown) => error,
  );
  try {
    for await (const entry of extract) {
      const parts = entry.header.name.replace(/^\.\//, '').split('/');
      const name = parts.length === 2 && entry.header.type === 'file' ? parts[1]!.toLowerCase() : '';
      if (wanted.includes(name) && !found.has(name)) found.set(name, await readEntry(entry));
      else entry.resume();
      if (found.size === wanted.length) break;
    }
  } catch (error) {
    throw unreadable(error);
  } finally {
    archive.destroy();
  }
  // Stopping early closes the pipeline on purpose; only a failure before that counts.
  const failure = await piped;
  if (failure && found.size < wanted.length) throw unreadable(failure);
  return found;
}
