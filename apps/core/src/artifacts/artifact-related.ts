import pg from 'pg';
import { enabledRulesColumn, rulesOfColumn } from '../immutable-tags/immutable-status.js';
import { SBOM_OVERVIEW_COLUMN } from '../scans/sbom-overview.js';
import { SCAN_OVERVIEW_COLUMN } from '../scans/scan-overview.js';
import type { ArtifactOptions, Related } from './artifact-view.js';

type Row = Record<string, unknown>;

/**
 * The rows an artifact carries (tags, labels, references, accessories) as JSON columns of the query that
 * reads the artifact itself, so a listing or a get is one statement instead of one per table. `a` is the
 * artifact's alias in that query; each subquery walks an index on `a.id` or (repository, digest).
 */
export const TAG_JSON = `json_build_object('id', t.id, 'repository_id', t.repository_id, 'artifact_id', t.artifact_id,
  'name', t.name, 'push_time', t.push_time::text, 'pull_time', t.pull_time::text)`;

const ACCESSORY_JSON = `json_build_object('id', acc.id, 'artifact_id', acc.artifact_id,
  'subject_artifact_id', acc.subject_artifact_id, 'subject_artifact_repo', acc.subject_artifact_repo,
  'subject_artifact_digest', acc.subject_artifact_digest, 'size', acc.size, 'digest', acc.digest, 'type', acc.type,
  'creation_time', acc.creation_time::text)`;

const TAGS = `(SELECT json_agg(${TAG_JSON} ORDER BY t.push_time DESC, t.id DESC)
  FROM tag t WHERE t.artifact_id = a.id) AS related_tags`;

const LABELS = `(SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'description', l.description,
    'color', l.color, 'scope', l.scope, 'project_id', l.project_id, 'creation_time', l.creation_time::text,
    'update_time', l.update_time::text) ORDER BY lr.id)
  FROM label_reference lr JOIN harbor_label l ON l.id = lr.label_id
  WHERE lr.artifact_id = a.id AND NOT l.deleted) AS related_labels`;

const REFERENCES = `(SELECT json_agg(json_build_object('parent_id', ref.parent_id, 'child_id', ref.child_id,
    'child_digest', ref.child_digest, 'platform', ref.platform, 'urls', ref.urls, 'annotations', ref.annotations)
    ORDER BY ref.id)
  FROM artifact_reference ref WHERE ref.parent_id = a.id) AS related_references`;

// Matched by repository and digest, as Harbor does: a signature may be pushed before its subject.
const ACCESSORIES = `(SELECT json_agg(${ACCESSORY_JSON} ORDER BY acc.id) FROM artifact_accessory acc
  WHERE acc.subject_artifact_repo = a.repository_name AND acc.subject_artifact_digest = a.digest) AS related_accessories`;

// Only signatures: they cover the whole index, so its children too.
const INHERITED = `(SELECT json_agg(${ACCESSORY_JSON} ORDER BY acc.id)
  FROM artifact_reference ref JOIN artifact parent ON parent.id = ref.parent_id
  JOIN artifact_accessory acc ON acc.subject_artifact_repo = parent.repository_name
                             AND acc.subject_artifact_digest = parent.digest
  WHERE ref.child_id = a.id AND acc.type IN ('signature.cosign', 'signature.notation')) AS related_inherited`;

/** Whether tags are listed with their immutable status, which needs the project's rules. */
export function needsImmutableRules(options: ArtifactOptions): boolean {
  return options.withTag && options.withImmutableStatus;
}

/**
 * The select-list columns for what `options` asks for; references are always part of an artifact.
 * `rulesOf` is the project whose immutable tag rules are read (for `with_immutable_status`); a listing
 * passes null and reads them once, in its head row, with `enabledRulesColumn`.
 */
export function relatedColumns(options: ArtifactOptions, rulesOf: string | null = 'a.project_id'): string {
  return [
    ...(needsImmutableRules(options) && rulesOf
      ? [enabledRulesColumn(rulesOf, 'related_immutable_rules')]
      : []),
    REFERENCES,
    ...(options.withTag ? [TAGS] : []),
    ...(options.withLabel ? [LABELS] : []),
    ...(options.withAccessory ? [ACCESSORIES] : []),
    ...(options.withInheritedAccessory ? [INHERITED] : []),
    ...(options.withScanOverview ? [SCAN_OVERVIEW_COLUMN] : []),
    ...(options.withSbomOverview ? [SBOM_OVERVIEW_COLUMN] : []),
  ].join(', ');
}

/** timestamptz travels as its text inside the JSON and goes through pg's own parser: the same Date as a plain column. */
const parseTimestamptz = pg.types.getTypeParser(1184) as (text: string) => Date;
const TIME_FIELDS = ['push_time', 'pull_time', 'creation_time', 'update_time'];

/** Rows of a JSON column, with their timestamps as Dates (or null) as the driver gives them for real columns. */
export function jsonRows(value: unknown): Row[] {
  return ((value as Row[] | null) ?? []).map((row) => {
    for (const field of TIME_FIELDS) {
      const text = row[field];
      if (typeof text === 'string') row[field] = parseTimestamptz(text);
    }
    return row;
  });
}

/**
 * The related rows read by `relatedColumns`, keyed as `toArtifact` looks them up. The immutable tag rules
 * come from `rulesRow` (the listing's head row), else from the first row.
 */
export function relatedOf(
  rows: (Row & { id: number; digest: string })[],
  rulesRow: Row | undefined = rows[0],
): Related {
  const byId = (column: string) => new Map(rows.map((row) => [row.id, jsonRows(row[column])]));
  return {
    tags: byId('related_tags'),
    labels: byId('related_labels'),
    references: byId('related_references'),
    accessories: new Map(rows.map((row) => [row.digest, jsonRows(row.related_accessories)])),
    inherited: byId('related_inherited'),
    scanOverviews: new Map(
      rows.map((row) => [row.id, (row.related_scan_overview as Row | null) ?? undefined]),
    ),
    sbomOverviews: new Map(
      rows.map((row) => [row.id, (row.related_sbom_overview as Row | null) ?? undefined]),
    ),
    immutableRules: rulesOfColumn(rulesRow?.related_immutable_rules),
  };
}
