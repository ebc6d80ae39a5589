import { access, constants } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RegistryctlConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { FilesystemDriver } from '@harbor-ts/storage';
import { harborSecretCheck } from './http/harbor-secret.js';
import { readJsonBody } from './http/json-body.js';
import { sendError, sendJson } from './http/respond.js';
import { StorageCleaner } from './storage/storage-cleaner.js';

/** A GC batch; bounded so one request stays a few seconds of work. */
const MAX_BATCH = 5000;
const blobBatchSchema = z.strictObject({ digests: z.array(z.string().max(255)).min(1).max(MAX_BATCH) });

const STORAGE_PREFIX = '/api/registry/';
const BLOB_PATH = /^blob\/([^/]+)$/;
// Repository names contain slashes: everything before the last `/manifests/<digest>` is the name.
const MANIFEST_PATH = /^(.+)\/manifests\/([^/]+)$/;

/** What a route answers: a status and an optional JSON body. */
type Answer = { status: number; body?: unknown };
type Route = (request: IncomingMessage) => Promise<Answer>;

/**
 * Harbor registryctl's API: `GET /api/health`; `DELETE /api/registry/blob/<digest>`,
 * `DELETE /api/registry/<repo>/manifests/<digest>` and GC's batch, `POST /api/registry/blobs/delete`
 * `{"digests": [...]}` → `{"results": [{digest, status}]}`, for callers with a Harbor-Secret.
 */
export function createRegistryctlServer(config: RegistryctlConfig, logger: Logger): Server {
  const cleaner = new StorageCleaner(new FilesystemDriver(config.storage.rootDirectory), config, logger);
  const isInternalCaller = harborSecretCheck(config.secrets);
  let requests = 0;

  /** Healthy when the storage root it cleans is there and writable. */
  const health: Route = async () => {
    await access(config.storage.rootDirectory, constants.R_OK | constants.W_OK);
    return { status: 200, body: { status: 'healthy' } };
  };
  const deleteBlobs: Route = async (request) => {
    const parsed = blobBatchSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) throw HarborError.badRequest(`expected {"digests": [1..${MAX_BATCH} digests]}`);
    return { status: 200, body: { results: await cleaner.deleteBlobs(parsed.data.digests) } };
  };

  /** The route for a method and path, or undefined (404); storage routes need the caller's secret. */
  function route(method: string, path: string): { handler: Route; guarded: boolean } | undefined {
    if (path === '/api/health')
      return method === 'GET' || method === 'HEAD' ? { handler: health, guarded: false } : undefined;
    if (!path.startsWith(STORAGE_PREFIX)) return undefined;
    const rest = path.slice(STORAGE_PREFIX.length);
    if (method === 'POST' && rest === 'blobs/delete') return { handler: deleteBlobs, guarded: true };
    if (method !== 'DELETE') return undefined;
    const blob = BLOB_PATH.exec(rest);
    const handler: Route = blob
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
    return { handler, guarded: true };
  }

  return createServer((request, response) => {
    const requestId = request.headers['x-request-id']?.toString() ?? `req-${++requests}`;
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0]!;
    const found = route(method, path);
    const answer = !found
      ? Promise.reject(HarborError.notFound(`Cannot ${method} ${path}`))
      : found.guarded && !isInternalCaller(request.headers.authorization)
        ? Promise.reject(HarborError.unauthorized('a valid Harbor-Secret is required'))
        : found.handler(request);
    answer.then(
      ({ status, body }) => sendJson(response, status, body),
      (error: unknown) => sendError(response, error, logger, requestId),
    );
  });
}

/** A path segment as the caller meant it (`%2F` is `/`); a malformed escape is the caller's error. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw HarborError.badRequest(`malformed path ${segment}`);
  }
}
