import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { principalName } from '../../auth/principal.js';
import { Security, type SecurityContext } from '../../auth/index.js';
import { validate } from '../../common/validation.js';
import { ImageSyncerImportService } from './image-syncer-import.service.js';

/** The two files' texts as uploaded, and how the imported policies should run. */
const importSchema = z.object({
  images: z.string().min(1),
  auth: z.string().optional(),
  trigger: z
    .object({
      type: z.string().default('manual'),
      trigger_settings: z.object({ cron: z.string().default('') }).nullish(),
    })
    .default({ type: 'manual' }),
  enabled: z.boolean().default(true),
  // image-syncer overwrites the destination's tags; so do the imported policies unless told not to.
  override: z.boolean().default(true),
  dry_run: z.boolean().default(false),
});

/**
 * harbor-ts extension, not in Harbor: `POST /replication/imports/image-syncer` turns image-syncer's
 * images and auth files into registries and replication policies. Needs both system permissions.
 */
@Controller('api/v2.0/replication/imports')
export class ImageSyncerImportController {
  constructor(private readonly importer: ImageSyncerImportService) {}

  @Post('image-syncer')
  @HttpCode(201)
  async importImageSyncer(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await s.requireSystem('registry', 'create');
    await s.requireSystem('replication-policy', 'create');
    const request = validate(importSchema, body);
    const result = await this.importer.import(
      {
        images: request.images,
        auth: request.auth,
        trigger: {
          type: request.trigger.type,
          ...(request.trigger.trigger_settings ? { trigger_settings: request.trigger.trigger_settings } : {}),
        },
        enabled: request.enabled,
        override: request.override,
        dryRun: request.dry_run,
      },
      principalName(s.principal),
    );
    if (request.dry_run) void reply.status(200);
    return result;
  }
}
