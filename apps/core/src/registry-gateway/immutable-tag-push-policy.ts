import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { repositoryInProject } from '@harbor-ts/selectors';
import { immutableDeletionRefusal, immutableTags } from '../immutable-tags/immutable-tag-check.js';

/**
 * Harbor's immutable middleware for `/v2`: a manifest pushed by tag is refused with 412 when the tag
 * already exists and an enabled rule of the project selects it, whatever the digest (Harbor checks the
 * existing tag, not the new manifest). A new tag, or a push by digest, is never refused.
 * A manifest delete is refused as the API's artifact and tag deletes are.
 */
@Injectable()
export class ImmutableTagPushPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Harbor's message when the push is refused, else undefined. */
  async check(repository: string, reference: string): Promise<string | undefined> {
    if (reference.includes(':')) return undefined;
    const [existing] = await immutableTags(this.dataSource, { repository, tag: reference });
    if (!existing) return undefined;
    return `Failed to process request due to '${repositoryInProject(repository)}:${reference}' configured as immutable.`;
  }

  /** Harbor's "the tag <tag> configured as immutable, cannot be deleted", else undefined. */
  async checkDelete(repository: string, reference: string): Promise<string | undefined> {
    const scope = reference.includes(':')
      ? { repository, digest: reference }
      : { repository, tag: reference };
    return immutableDeletionRefusal(this.dataSource, scope);
  }
}
