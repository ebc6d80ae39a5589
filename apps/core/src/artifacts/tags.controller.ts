import { Body, Controller, Delete, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Security, type SecurityContext } from '../auth/index.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { validate } from '../common/validation.js';
import { ReadOnlyService } from '../configurations/read-only.service.js';
import { flag } from './artifact-query.js';
import { ArtifactScope, type ArtifactPath } from './artifact-scope.js';
import { newTagSchema, TagsService, type TagPageColumns } from './tags.service.js';

type ListQuery = Record<string, string | undefined> & {
  q?: string;
  sort?: string;
  page?: string;
  page_size?: string;
};

/** Harbor's tag API for one artifact. */
@Controller('api/v2.0/projects/:project_name/repositories/:repository_name/artifacts/:reference/tags')
export class TagsController {
  constructor(
    private readonly scope: ArtifactScope,
    private readonly tags: TagsService,
    private readonly readOnly: ReadOnlyService,
  ) {}

  @Get()
  async listTags(
    @Security() s: SecurityContext,
    @Param() path: ArtifactPath,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // Without the flag every tag says immutable: false, as in Harbor; with it, the project's enabled rules
    // are read in the same statement and matched here.
    const withImmutableStatus = flag(query, 'with_immutable_status', false);
    // q, sort and paging are read inside the lookup, so their 400s come after the artifact's 404.
    const artifact = await this.scope.artifact<TagPageColumns>(
      s,
      path,
      'tag',
      'list',
      (params) => this.tags.pageColumns(query, parsePaging(query), params, withImmutableStatus),
      !query.q && !query.sort, // without them, the page's columns take two shapes (the flag)
    );
    const { items, total } = this.tags.tagPage(artifact);
    setPageHeaders(req, reply, parsePaging(query), total);
    return items;
  }

  @Post()
  async createTag(
    @Security() s: SecurityContext,
    @Param() path: ArtifactPath,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const artifact = await this.scope.artifact(s, path, 'tag', 'create');
    const { name } = validate(newTagSchema, body);
    await this.readOnly.assertWritable();
    await this.tags.create(s, artifact, name);
    const base = `/api/v2.0/projects/${path.project_name}/repositories/${encodeURIComponent(path.repository_name)}`;
    void reply.status(201).header('location', `${base}/artifacts/${path.reference}/tags/${name}`);
  }

  @Delete(':tag_name')
  async deleteTag(@Security() s: SecurityContext, @Param() path: ArtifactPath & { tag_name: string }) {
    const artifact = await this.scope.artifact(s, path, 'tag', 'delete');
    await this.readOnly.assertWritable();
    await this.tags.delete(s, artifact, path.tag_name);
  }
}
