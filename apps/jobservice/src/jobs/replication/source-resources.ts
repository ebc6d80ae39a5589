import { harborArtifacts, harborRepositories } from '@harbor-ts/registry-client';
import type { ReplicationSide } from './replication-endpoints.js';
import { repositorySelected, selectArtifacts, type SourceArtifact } from './replication-filters.js';
import type { ReplicationStore, StoredReplicationPolicy } from './replication-store.js';

/** One repository of the source with the artifacts the policy's filters selected. */
export interface SourceResource {
  repository: string;
  artifacts: { digest: string; tags: string[] }[];
}

/**
 * What a policy replicates: this instance's repositories read from Postgres (labels included), a
 * remote Harbor's read through its REST API (labels included, as Harbor's adapter does), or another
 * remote's read through its catalog and tags (each tag resolved to its digest with a HEAD).
 * Repositories with nothing selected are left out.
 */
export async function sourceResources(
  source: ReplicationSide,
  store: ReplicationStore,
  policy: StoredReplicationPolicy,
  signal: AbortSignal,
): Promise<SourceResource[]> {
  const harbor = !source.local && source.type === 'harbor';
  const listed = source.local
    ? await store.localRepositories()
    : harbor
      ? await harborRepositories(source.client.http)
      : await source.client.catalog();
  const repositories = listed.filter((repository) => repositorySelected(policy.filters, repository));
  const resources: SourceResource[] = [];
  for (const repository of repositories) {
    if (signal.aborted) break;
    const all = source.local
      ? await store.localArtifacts(repository)
      : harbor
        ? await harborArtifacts(source.client.http, repository)
        : await remoteArtifacts(source, repository);
    const selected = selectArtifacts(policy.filters, all);
    if (selected.length > 0)
      resources.push({ repository, artifacts: selected.map(({ digest, tags }) => ({ digest, tags })) });
  }
  return resources;
}

/** A remote repository's tags grouped by the manifest they point at (remotes have no labels). */
async function remoteArtifacts(source: ReplicationSide, repository: string): Promise<SourceArtifact[]> {
  const byDigest = new Map<string, SourceArtifact>();
  for (const tag of await source.client.tags(repository)) {
    const digest = await source.client.headManifest(repository, tag);
    if (!digest) continue;
    const artifact = byDigest.get(digest) ?? { digest, tags: [], labels: [], type: 'IMAGE' };
    artifact.tags.push(tag);
    byDigest.set(digest, artifact);
  }
  return [...byDigest.values()];
}
