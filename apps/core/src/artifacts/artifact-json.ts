import { jsonArray, jsonNumber, jsonObject, jsonTime, jsonValue } from '../common/json-sql.js';
import { accessoryIconSql, artifactIconSql } from '../icons/icon-digests.js';
import { SBOM_OVERVIEW_SQL } from '../scans/sbom-overview.js';
import { SCAN_OVERVIEW_SQL } from '../scans/scan-overview.js';
import { NEVER, type ArtifactOptions } from './artifact-view.js';

/**
 * An artifact (alias `a`, with ARTIFACT_COLUMNS) as the JSON text `toArtifact` gives it, built by Postgres
 * for a listing. Values stored as JSON text (extra_attrs, platform, urls; written by JSON.stringify) are
 * passed through; jsonb values (annotations, scan and SBOM overviews) keep jsonb's spacing, not its
 * meaning or key order. Not for `with_immutable_status`, whose tag rules are matched in core.
 * `additionsBase` is the SQL text of `/api/v2.0/projects/{p}/repositories/{r}/artifacts/`.
 */

const never = `'${JSON.stringify(NEVER)}'`;

const TAG = jsonObject([
  ['id', jsonNumber('t.id')],
  ['repository_id', jsonNumber('t.repository_id')],
  ['artifact_id', jsonNumber('t.artifact_id')],
  ['name', jsonValue('t.name')],
  ['push_time', jsonTime('t.push_time')],
  ['pull_time', jsonTime('t.pull_time', never)],
  ['immutable', `'false'`],
]);

const LABEL = jsonObject([
  ['id', jsonNumber('l.id')],
  ['name', jsonValue('l.name')],
  ['description', jsonValue('l.description')],
  ['color', jsonValue('l.color')],
  ['scope', jsonValue('l.scope')],
  ['project_id', jsonNumber('l.project_id')],
  ['creation_time', jsonTime('l.creation_time')],
  ['update_time', jsonTime('l.update_time')],
]);

// Optional keys are there when the column is truthy in JS: not NULL, not '', not a jsonb null.
const REFERENCE = jsonObject([
  ['parent_id', jsonNumber('ref.parent_id')],
  ['child_id', jsonNumber('ref.child_id')],
  ['child_digest', jsonValue('ref.child_digest')],
  ['platform', `NULLIF(ref.platform, '')`, true],
  ['annotations', `NULLIF(ref.annotations, 'null'::jsonb)::text`, true],
  ['urls', `NULLIF(ref.urls, '')`, true],
]);

const ACCESSORY = jsonObject([
  ['id', jsonNumber('acc.id')],
  ['artifact_id', jsonNumber('acc.artifact_id')],
  ['subject_artifact_id', jsonNumber('COALESCE(acc.subject_artifact_id, 0)')],
  ['subject_artifact_repo', jsonValue('acc.subject_artifact_repo')],
  ['subject_artifact_digest', jsonValue('acc.subject_artifact_digest')],
  ['size', jsonNumber('COALESCE(acc.size, 0)')],
  ['digest', jsonValue('acc.digest')],
  ['type', jsonValue('acc.type')],
  ['icon', jsonValue(accessoryIconSql('acc.type'))],
  ['creation_time', jsonTime('acc.creation_time')],
]);

// The same rows, and in the same order, as artifact-related.ts reads.
const TAGS = jsonArray(TAG, 'FROM tag t WHERE t.artifact_id = a.id', 't.push_time DESC, t.id DESC');
const LABELS = jsonArray(
  LABEL,
  'FROM label_reference lr JOIN harbor_label l ON l.id = lr.label_id WHERE lr.artifact_id = a.id AND NOT l.deleted',
  'lr.id',
);
const REFERENCES = jsonArray(REFERENCE, 'FROM artifact_reference ref WHERE ref.parent_id = a.id', 'ref.id');
const ACCESSORIES = jsonArray(
  ACCESSORY,
  'FROM artifact_accessory acc WHERE acc.subject_artifact_repo = a.repository_name AND acc.subject_artifact_digest = a.digest',
  'acc.id',
);
const INHERITED = jsonArray(
  ACCESSORY,
  `FROM artifact_reference ref JOIN artifact parent ON parent.id = ref.parent_id
   JOIN artifact_accessory acc ON acc.subject_artifact_repo = parent.repository_name
                              AND acc.subject_artifact_digest = parent.digest
   WHERE ref.child_id = a.id AND acc.type IN ('signature.cosign', 'signature.notation')`,
  'acc.id',
);

/** `additionLinks` of artifact-view.ts: charts have three additions, single-platform images their build history. */
function additionLinks(additionsBase: string): string {
  const link = (name: string) =>
    `'"${name}":{"href":' || to_json(${additionsBase} || a.digest || '/additions/${name}')::text || ',"absolute":false}'`;
  const chart = ['values.yaml', 'readme.md', 'dependencies'].map(link).join(` || ',' || `);
  return `CASE WHEN a.type = 'CHART' THEN '{' || ${chart} || '}'
    WHEN a.type = 'IMAGE' AND strpos(a.manifest_media_type, 'index') = 0 AND strpos(a.manifest_media_type, 'list') = 0
      THEN '{' || ${link('build_history')} || '}'
    ELSE '{}' END`;
}

export function artifactJsonSql(options: ArtifactOptions, additionsBase: string): string {
  return jsonObject([
    ['id', jsonNumber('a.id')],
    ['type', jsonValue('a.type')],
    ['media_type', jsonValue('a.media_type')],
    ['manifest_media_type', jsonValue('a.manifest_media_type')],
    ['artifact_type', jsonValue('a.artifact_type')],
    ['project_id', jsonNumber('a.project_id')],
    ['repository_id', jsonNumber('a.repository_id')],
    ['repository_name', jsonValue('a.repository_name')],
    ['digest', jsonValue('a.digest')],
    ['size', jsonNumber('COALESCE(a.size, 0)')],
    ['icon', jsonValue(artifactIconSql('a.type', 'a.icon'))],
    ['push_time', jsonTime('a.push_time')],
    ['pull_time', jsonTime('a.pull_time', never)],
    ['extra_attrs', `COALESCE(NULLIF(a.extra_attrs, ''), '{}')`],
    ['annotations', `NULLIF(a.annotations, 'null'::jsonb)::text`, true],
    ['references', REFERENCES],
    ...(options.withTag ? [['tags', TAGS] as const] : []),
    ...(options.withLabel ? [['labels', LABELS] as const] : []),
    ...(options.withAccessory ? [['accessories', ACCESSORIES] as const] : []),
    ...(options.withInheritedAccessory ? [['inherited_accessories', INHERITED] as const] : []),
    ...(options.withScanOverview ? [['scan_overview', `${SCAN_OVERVIEW_SQL}::text`, true] as const] : []),
    ...(options.withSbomOverview ? [['sbom_overview', `${SBOM_OVERVIEW_SQL}::text`, true] as const] : []),
    ['addition_links', additionLinks(additionsBase)],
  ]);
}
