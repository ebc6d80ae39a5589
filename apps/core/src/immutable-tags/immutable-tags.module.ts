import { Module } from '@nestjs/common';
import { ImmutableTagsController } from './immutable-tags.controller.js';
import { ImmutableTagsService } from './immutable-tags.service.js';

/**
 * Harbor's immutable tag rules: the project API here; enforcement is `immutable-tag-check.ts`, which the
 * tag, artifact and repository deletes, the artifact copy and the /v2 manifest push and delete call with
 * their own connection; `immutable-status.ts` gives listings each tag's `immutable` (with_immutable_status).
 */
@Module({
  controllers: [ImmutableTagsController],
  providers: [ImmutableTagsService],
})
export class ImmutableTagsModule {}
