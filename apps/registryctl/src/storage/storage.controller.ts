import { Body, Controller, Delete, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { HarborSecretGuard } from '@harbor-ts/runtime';
import { StorageCleaner } from './storage-cleaner.js';

/** A GC batch; bounded so one request stays a few seconds of work. */
const MAX_BATCH = 5000;
const blobBatchSchema = z.strictObject({ digests: z.array(z.string().max(255)).min(1).max(MAX_BATCH) });

const MANIFEST_PATH = /^(.+)\/manifests\/([^/]+)$/;

/**
 * Harbor registryctl's API: `DELETE /api/registry/blob/<digest>`, `DELETE /api/registry/<repo>/manifests/<digest>`;
 * and GC's batch, `POST /api/registry/blobs/delete` `{"digests": [...]}` → `{"results": [{digest, status}]}`.
 */
@Controller('api/registry')
@UseGuards(HarborSecretGuard)
export class StorageController {
  constructor(private readonly cleaner: StorageCleaner) {}

  @Delete('blob/:reference')
  @HttpCode(200)
  deleteBlob(@Param('reference') reference: string) {
    return this.cleaner.deleteBlob(reference);
  }

  @Post('blobs/delete')
  @HttpCode(200)
  async deleteBlobs(@Body() body: unknown) {
    const parsed = blobBatchSchema.safeParse(body);
    if (!parsed.success) throw HarborError.badRequest(`expected {"digests": [1..${MAX_BATCH} digests]}`);
    return { results: await this.cleaner.deleteBlobs(parsed.data.digests) };
  }

  // Repository names contain slashes, so the manifest route is matched by hand after the wildcard.
  @Delete('*')
  @HttpCode(200)
  deleteManifest(@Param('*') path: string) {
    const match = MANIFEST_PATH.exec(path);
    if (!match?.[1] || !match[2]) throw HarborError.notFound(`no route for ${path}`);
    return this.cleaner.deleteManifest(match[1], match[2]);
  }
}
