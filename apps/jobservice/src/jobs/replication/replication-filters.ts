import { doublestarMatch } from '@harbor-ts/selectors';

/** One filter of a policy, as Harbor stores it in `replication_policy.filters`. */
export interface ReplicationFilter {
  type: 'name' | 'tag' | 'label' | 'resource' | string;
  value: unknown;
  decoration?: 'matches' | 'excludes' | string;
}

/** An artifact of the source as the filters see it. */
export interface SourceArtifact {
  digest: string;
  tags: string[];
  labels: string[];
  /** Harbor's artifact type (`IMAGE`, `CHART`...); remote registries report `IMAGE`. */
  type: string;
  /** A signature or SBOM: tag filters look at its subject's tags, it is copied with its own. */
  subjectTags?: string[];
}

export function parseFilters(text: string): ReplicationFilter[] {
  const parsed = JSON.parse(text || '[]') as unknown;
  return Array.isArray(parsed) ? (parsed as ReplicationFilter[]) : [];
}

/** Harbor's name filter: a doublestar pattern on the whole repository name. */
export function repositorySelected(filters: ReplicationFilter[], repository: string): boolean {
  return filters
    .filter((f) => f.type === 'name' && typeof f.value === 'string' && f.value !== '')
    .every((f) => doublestarMatch(f.value as string, repository) !== (f.decoration === 'excludes'));
}

/**
 * Harbor's artifact filters, applied in order: a tag filter keeps the artifacts with a tag it selects
 * and only those tags (an untagged artifact is matched as the empty tag); a label filter needs every
 * label; the resource filter `image` keeps images only.
 */
export function selectArtifacts(filters: ReplicationFilter[], artifacts: SourceArtifact[]): SourceArtifact[] {
  let selected = artifacts;
  for (const filter of filters) {
    const excludes = filter.decoration === 'excludes';
    if (filter.type === 'tag' && typeof filter.value === 'string' && filter.value !== '') {
      const pattern = filter.value;
      selected = selected.flatMap((artifact) => {
        const candidates = artifact.subjectTags ?? artifact.tags;
        if (candidates.length === 0) return doublestarMatch(pattern, '') !== excludes ? [artifact] : [];
        const kept = candidates.filter((tag) => doublestarMatch(pattern, tag) !== excludes);
        if (kept.length === 0) return [];
        return [artifact.subjectTags ? artifact : { ...artifact, tags: kept }];
      });
    } else if (filter.type === 'label' && Array.isArray(filter.value) && filter.value.length > 0) {
      const wanted = filter.value as string[];
      selected = selected.filter(
        (artifact) => wanted.every((label) => artifact.labels.includes(label)) !== excludes,
      );
    } else if (filter.type === 'resource' && filter.value === 'image') {
      selected = selected.filter((artifact) => artifact.type === 'IMAGE');
    }
  }
  return selected;
}

/** How many path components a destination registry accepts (Harbor's RepositoryPathComponentType). */
export type PathComponents = 'any' | 'atLeastTwo' | 'onlyTwo';

/**
 * Harbor's replaceNamespace: with a destination namespace, the first `replaceCount` components of the
 * source path are replaced by it (-1: the whole path but the last component), e.g. `a/b/c/image` with
 * `n` and 1 → `n/b/c/image`.
 */
export function destinationRepository(
  repository: string,
  namespace: string,
  replaceCount: number,
  components: PathComponents,
): string {
  let destination = repository;
  if (namespace) {
    const parts = repository.split('/');
    const name = parts[parts.length - 1]!;
    if (replaceCount < 0) destination = `${namespace}/${name}`;
    else if (replaceCount > parts.length - 1)
      throw new Error(
        `the source repository "${repository}" contains only ${parts.length - 1} path components excepting the last one, but the destination namespace flattening level is ${replaceCount}`,
      );
    else destination = [namespace, ...parts.slice(replaceCount, parts.length - 1), name].join('/');
  }
  const length = destination.split('/').length;
  if (components === 'onlyTwo' && length !== 2)
    throw new Error(
      `the destination repository "${destination}" contains ${length} path components, but the destination registry only supports 2`,
    );
  if (components === 'atLeastTwo' && length < 2)
    throw new Error(
      `the destination repository "${destination}" contains only ${length} path components, but the destination registry requires at least 2`,
    );
  return destination;
}
