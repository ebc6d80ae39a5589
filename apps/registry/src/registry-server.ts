import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { RegistryConfig } from '@harbor-ts/config';
import { OciErrorCode } from '@harbor-ts/errors';
import { FilesystemDriver, pageCacheDropUnavailable } from '@harbor-ts/storage';
import { BasicAuth } from './auth/basic-auth.js';
import { BlobService } from './blobs/blob.service.js';
import { BlobsHandler } from './blobs/blobs.handler.js';
import { EventPublisher } from './events/event-publisher.js';
import { answerClientError } from './http/client-error.js';
import { OciError } from './http/oci-error.js';
import { sendOciError } from './http/oci-error-answer.js';
import { Reply } from './http/reply.js';
import { sendBadUrl, targetOf } from './http/request-target.js';
import { ListingHandler } from './listing/listing.handler.js';
import { ListingService } from './listing/listing.service.js';
import { ManifestStore } from './manifests/manifest-store.js';
import { ManifestService } from './manifests/manifest.service.js';
import { ManifestsHandler } from './manifests/manifests.handler.js';
import { ReferrersService } from './manifests/referrers.service.js';
import { RegistryController } from './registry.controller.js';
import { UploadPurger } from './uploads/upload-purger.js';
import { UploadService } from './uploads/upload.service.js';
import { UploadsHandler } from './uploads/uploads.handler.js';

export interface RegistryServer {
  server: Server;
  purger: UploadPurger;
  /** Stops the purger's timer and the Redis connection. */
  close: () => void;
}

/**
 * The registry's parts, wired here and nowhere else, on a plain node:http server: no framework
 * parses a body (uploads stream the request to disk through a hash, manifests are read with a size
 * bound), and without NestJS and Fastify the process idles ~30 MiB smaller (bench/README.md "footprint").
 */
export function createRegistryServer(config: RegistryConfig, logger: Logger): RegistryServer {
  const driver = new FilesystemDriver(config.storage.rootDirectory);
  const blobs = new BlobService(driver);
  const store = new ManifestStore(driver);
  const listing = new ListingService(driver);
  const uploads = new UploadService(driver);
  const events = new EventPublisher(config, logger);
  const controller = new RegistryController(
    new BasicAuth(config.auth.htpasswdFile),
    new BlobsHandler(blobs, config),
    new UploadsHandler(uploads, blobs, events),
    new ManifestsHandler(
      store,
      new ManifestService(driver, store, blobs),
      new ReferrersService(driver, store),
      events,
      config,
    ),
    new ListingHandler(listing),
  );
  const purger = new UploadPurger(config, driver, logger, listing, uploads);
  purger.start();
  if (pageCacheDropUnavailable)
    logger.warn(`blob data stays in the page cache, which costs pushes speed: ${pageCacheDropUnavailable}`);

  let requests = 0;
  const server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    const reply = new Reply(response, method);
    const url = request.url ?? '/';
    const target = targetOf(url);
    if (typeof target === 'object') return sendBadUrl(reply, target.badUrl);
    const handled =
      target === 'v2'
        ? controller.handle(request, reply)
        : Promise.reject(new OciError(OciErrorCode.UNSUPPORTED, `Cannot ${method} ${url}`, { status: 404 }));
    handled.catch((error: unknown) => {
      const id = request.headers['x-request-id']?.toString() ?? `req-${++requests}`;
      sendOciError(reply, error, { id, method, url }, logger);
    });
  });
  // Layer uploads can take minutes on slow links: never cut a request for taking long. Idle
  // keep-alive connections stay open longer than nginx keeps its upstream ones (60 s), so nginx
  // never reuses a connection the registry has just closed.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 72_000;
  server.on('clientError', answerClientError);
  return {
    server,
    purger,
    close: () => {
      purger.stop();
      events.close();
    },
  };
}
