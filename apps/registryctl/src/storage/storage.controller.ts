import { Controller, Delete, HttpCode, Param, UseGuards } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import { HarborSecretGuard } from '@harbor-ts/runtime';
import { StorageCleaner } from './storage-cleaner.js';

const MANIFEST_PATH = /^(.+)\/manifests\/([^/]+)$/;

/** Harbor registryctl's API: `DELETE /api/registry/blob/<digest>`, `DELETE /api/registry/<repo>/manifests/<digest>`. */
@Controller('api/registry')
@UseGuards(HarborSecretGuard)
export class StorageController {
  constructor(private readonly cleaner: StorageCleaner) {}

  @Delete('blob/:reference')
  @HttpCode(200)
  deleteBlob(@Param('reference') reference: string) {
    return this.cleaner.deleteBlob(reference);
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
