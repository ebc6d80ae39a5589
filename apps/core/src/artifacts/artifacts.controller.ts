import { Controller, Delete, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Security, type SecurityContext } from '../auth/index.js';
import { setPageHeaders } from '../common/paging.js';
import { ReadOnlyService } from '../configurations/read-only.service.js';
import { ArtifactDeleter } from './artifact-deleter.service.js';
import { ArtifactListing } from './artifact-listing.service.js';
import { flag } from './artifact-query.js';
import { ArtifactScope, type ArtifactPath } from './artifact-scope.js';
import { relatedColumns, relatedOf } from './artifact-related.js';
import { toArtifact, type ArtifactOptions } from './artifact-view.js';

type ListQuery = Record<string, string | undefined> & {
  q?: string;
  sort?: string;
  page?: string;
  page_size?: string;
};

/**
 * Harbor's with_* flags. with_signature is accepted (and checked) but adds nothing: signatures show up
 * as accessories. with_sbom_overview adds the SBOM generation's `sbom_overview`. with_immutable_status
 * sets each listed tag's `immutable` from the project's enabled immutable tag rules (false without it).
 */
function options(query: ListQuery): ArtifactOptions {
  flag(query, 'with_signature', false);
  return {
    withScanOverview: flag(query, 'with_scan_overview', false),
    withSbomOverview: flag(query, 'with_sbom_overview', false),
    withTag: flag(query, 'with_tag', true),
    withLabel: flag(query, 'with_label', false),
    withAccessory: flag(query, 'with_accessory', false),
    withImmutableStatus: flag(query, 'with_immutable_status', false),
    withInheritedAccessory: flag(query, 'with_inherited_accessory', false),
  };
}

/** Harbor's artifact API: list, read and delete the artifacts of one repository. Repository names arrive encoded twice (a%252Fb). */
@Controller('api/v2.0/projects/:project_name/repositories/:repository_name/artifacts')
export class ArtifactsController {
  constructor(
    private readonly listing: ArtifactListing,
    private readonly scope: ArtifactScope,
    private readonly deleter: ArtifactDeleter,
    private readonly readOnly: ReadOnlyService,
  ) {}

  @Get()
  async listArtifacts(
    @Security() s: SecurityContext,
    @Param('project_name') projectName: string,
    @Param('repository_name') repositoryName: string,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const page = await this.listing.list(s, projectName, repositoryName, query, options);
    setPageHeaders(req, reply, page.paging, page.total);
    if (!('body' in page)) return page.items;
    // Postgres wrote the page's JSON: sent as it is, with the type Fastify gives a serialised object.
    void reply.type('application/json; charset=utf-8');
    return page.body;
  }

  @Get(':reference')
  async getArtifact(@Security() s: SecurityContext, @Param() path: ArtifactPath, @Query() query: ListQuery) {
    // The flags are read inside the lookup, so a bad flag is a 400 only after the artifact's 404.
    const artifact = await this.scope.artifact<Record<string, unknown>>(
      s,
      path,
      'artifact',
      'read',
      () => relatedColumns(options(query)),
      true, // the columns depend on the with_* flags only
    );
    return toArtifact(artifact, relatedOf([artifact]), options(query));
  }

  @Delete(':reference')
  async deleteArtifact(@Security() s: SecurityContext, @Param() path: ArtifactPath) {
    const artifact = await this.scope.artifact(s, path, 'artifact', 'delete');
    await this.readOnly.assertWritable();
    await this.deleter.delete(s, artifact);
  }
}
