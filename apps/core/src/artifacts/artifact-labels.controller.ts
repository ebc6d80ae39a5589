import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { Security, type SecurityContext } from '../auth/index.js';
import { parseId, validate } from '../common/validation.js';
import { ReadOnlyService } from '../configurations/read-only.service.js';
import { labelRefSchema, ArtifactLabelsService } from './artifact-labels.service.js';
import { ArtifactScope, type ArtifactPath } from './artifact-scope.js';

/**
 * Harbor's addLabel / removeLabel: attach a global or project label to an artifact (200, no body).
 * No audit entry, as in Harbor: its audit log records no label event (attaching one only notifies P2P preheat).
 */
@Controller('api/v2.0/projects/:project_name/repositories/:repository_name/artifacts/:reference/labels')
export class ArtifactLabelsController {
  constructor(
    private readonly scope: ArtifactScope,
    private readonly labels: ArtifactLabelsService,
    private readonly readOnly: ReadOnlyService,
  ) {}

  @Post()
  @HttpCode(200)
  async addLabel(@Security() s: SecurityContext, @Param() path: ArtifactPath, @Body() body: unknown) {
    const artifact = await this.scope.artifact(s, path, 'artifact-label', 'create');
    const { id } = validate(labelRefSchema, body);
    await this.readOnly.assertWritable();
    await this.labels.add(artifact, id);
  }

  @Delete(':label_id')
  async removeLabel(@Security() s: SecurityContext, @Param() path: ArtifactPath & { label_id: string }) {
    const labelId = parseId('label_id', path.label_id);
    const artifact = await this.scope.artifact(s, path, 'artifact-label', 'delete');
    await this.readOnly.assertWritable();
    await this.labels.remove(artifact, labelId);
  }
}
