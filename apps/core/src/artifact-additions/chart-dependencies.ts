import { parse } from 'yaml';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';

type Json = Record<string, unknown>;

/** Helm's Dependency fields in its JSON order; all but name and repository are left out when empty. */
const DEPENDENCY_FIELDS = [
  'name',
  'version',
  'repository',
  'condition',
  'tags',
  'enabled',
  'import-values',
  'alias',
];
const ALWAYS_WRITTEN = new Set(['name', 'repository']);

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    value === false ||
    (Array.isArray(value) && value.length === 0)
  );
}

function helmDependency(raw: unknown): Json {
  const source = (raw ?? {}) as Json;
  const out: Json = {};
  for (const field of DEPENDENCY_FIELDS) {
    const value = source[field];
    if (ALWAYS_WRITTEN.has(field)) out[field] = typeof value === 'string' ? value : '';
    else if (!isEmpty(value)) out[field] = value;
  }
  return out;
}

function yamlDocument(text: string, file: string): Json {
  try {
    return (parse(text) ?? {}) as Json;
  } catch {
    throw new HarborError(HarborErrorCode.INTERNAL_SERVER_ERROR, `the chart's ${file} is not valid YAML`);
  }
}

/**
 * Harbor's `dependencies` addition: Chart.yaml's `dependencies` for apiVersion v2 charts (`null` when it
 * has none), requirements.yaml's for v1 charts (`[]` without that file), as Helm's JSON.
 */
export function chartDependencies(
  chartYaml: string | undefined,
  requirementsYaml: string | undefined,
): string {
  if (chartYaml === undefined) {
    throw new HarborError(HarborErrorCode.INTERNAL_SERVER_ERROR, 'the chart archive has no Chart.yaml');
  }
  const chart = yamlDocument(chartYaml, 'Chart.yaml');
  let dependencies: unknown = null;
  if (chart.apiVersion === 'v2') dependencies = chart.dependencies ?? null;
  else if (requirementsYaml === undefined) dependencies = [];
  else {
    dependencies = yamlDocument(requirementsYaml, 'requirements.yaml').dependencies;
    if (dependencies === undefined) {
      throw new HarborError(
        HarborErrorCode.INTERNAL_SERVER_ERROR,
        'invalid requirements.yaml, no dependencies found',
      );
    }
  }
  return JSON.stringify(
    Array.isArray(dependencies) ? dependencies.map(helmDependency) : dependencies === null ? null : [],
  );
}
