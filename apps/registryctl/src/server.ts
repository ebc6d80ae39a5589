import { access, constants } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RegistryctlConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import {
  createJsonServer,
  harborErrorAnswer,
  harborSecretCheck,
  readJsonBody,
  type Handler,
} from '@harbor-ts/runtime/http';
import { FilesystemDriver } from '@harbor-ts/storage';
import { StorageCleaner } from './storage/storage-cleaner.js';

/** A GC batch; bounded so one request stays a few seconds of work. */
const MAX_BATCH = 5000;
const blobBatchSchema = z.strictObject({ digests: z.array(z.string().max(255)).min(1).max(MAX_BATCH) });

const STORAGE_PREFIX = '/api/registry/';
const BLOB_PATH = /^blob\/([^/]+)$/;
// Repository names contain slashes: everything before the last `/manifests/<digest>` is the name.
const MANIFEST_PATH = /^(.+)\/manifests\/([^/]+)$/;

/**
 * Harbor registryctl's API: `GET /api/health`; `DELETE /api/registry/blob/<digest>`,
 * `DELETE /api/registry/<repo>/manifests/<digest>` and GC's batch, `POST /api/registry/blobs/delete`
 * `{"digests": [...]}` → `{"results": [{digest, status}]}`, for callers with a Harbor-Secret.
 */
export function createRegistryctlServer(config: RegistryctlConfig, logger: Logger): Server {
  const cleaner = new StorageCleaner(new FilesystemDriver(config.storage.rootDirectory), config, logger);
  const isInternalCaller = harborSecretCheck(config.secrets);

  /** Healthy when the storage root it cleans is there and writable. */
  const health: Handler = async () => {
    await access(config.storage.rootDirectory, constants.R_OK | constants.W_OK);
    return { status: 200, body: { status: 'healthy' } };
  };
  const deleteBlobs: Handler = async (request) => {
    const parsed = blobBatchSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) throw HarborError.badRequest(`expected {"digests": [1..${MAX_BATCH} digests]}`);
    return { status: 200, body: { results: await cleaner.deleteBlobs(parsed.data.digests) } };
  };

  /** Storage routes are for callers with a Harbor-Secret only. */
  const guarded =
    (handler: Handler): Handler =>
    (request, query) =>
      isInternalCaller(request.headers.authorization)
        ? handler(request, query)
        : Promise.reject(HarborError.unauthorized('a valid Harbor-Secret is required'));

  /** The handler for a method and path, or undefined (404). */
  function route(method: string, path: string): Handler | undefined {
    if (path === '/api/health') return method === 'GET' || method === 'HEAD' ? health : undefined;
    if (!path.startsWith(STORAGE_PREFIX)) return undefined;
    const rest = path.slice(STORAGE_PREFIX.length);
    if (method === 'POST' && rest === 'blobs/delete') return guarded(deleteBlobs);
    if (method !== 'DELETE') return undefined;
    const blob = BLOB_PATH.exec(rest);
    const handler: Handler = blob
      ? async () => {
          await cleaner.deleteBlob(decode(blob[1]!));
          return { status: 200 };
        }
      : async () => {
          const manifest = MANIFEST_PATH.exec(decode(rest));
          if (!manifest) throw HarborError.notFound(`no route for ${rest}`);
          await cleaner.deleteManifest(manifest[1]!, manifest[2]!);
          return { status: 200 };
        };
    return guarded(handler);
  }

  return createJsonServer(route, harborErrorAnswer(logger));
}

/** A path segment as the caller meant it (`%2F` is `/`); a malformed escape is the caller's error. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw HarborError.badRequest(`malformed path ${segment}`);
  }
}
