import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { HarborError } from '@harbor-ts/errors';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { INT4_MAX } from '../common/validation.js';
import type { ArtifactRow } from './artifact-resolver.service.js';

/** Harbor's Label body; only the id matters when adding a label to an artifact. */
export const labelRefSchema = z.object({ id: z.number().int().min(1).max(INT4_MAX) });

/** Labels on artifacts: a global label, or one of the artifact's own project; never another project's. */
@Injectable()
export class ArtifactLabelsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async add(artifact: ArtifactRow, labelId: number): Promise<string> {
    // The same 404 for a missing label and another project's: ids of other projects tell nothing.
    const [label] = (await this.dataSource.query(
      `SELECT name FROM harbor_label WHERE id = $1 AND NOT deleted AND (scope = 'g' OR (scope = 'p' AND project_id = $2))`,
      [labelId, artifact.project_id],
    )) as { name: string }[];
    if (!label) throw HarborError.notFound(`label ${labelId} not found`);
    try {
      await this.dataSource.query('INSERT INTO label_reference (label_id, artifact_id) VALUES ($1, $2)', [
        labelId,
        artifact.id,
      ]);
    } catch (error) {
      if (isUniqueViolation(error))
        throw HarborError.conflict(`label ${labelId} is already added to the artifact ${artifact.digest}`);
      throw error;
    }
    return label.name;
  }

  async remove(artifact: ArtifactRow, labelId: number): Promise<void> {
    const [, deleted] = (await this.dataSource.query(
      'DELETE FROM label_reference WHERE label_id = $1 AND artifact_id = $2',
      [labelId, artifact.id],
    )) as [unknown, number];
    if (deleted === 0)
      throw HarborError.notFound(`label ${labelId} is not added to the artifact ${artifact.digest}`);
  }
}
