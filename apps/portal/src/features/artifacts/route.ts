/**
 * The part of the URL below `/projects/:id/repositories/`: `<repository…>` lists its artifacts,
 * `<repository…>/artifacts/<digest>` opens one. Digests contain ':', repository names never do,
 * so a repository named `a/artifacts/b` still reads as a repository.
 */
export function parseRepositorySplat(splat: string): { repository: string; digest?: string } {
  const match = /^(.+)\/artifacts\/([^/]+:[^/]+)$/.exec(splat);
  if (match) return { repository: match[1]!, digest: decodeURIComponent(match[2]!) };
  return { repository: splat };
}

export function repositoryUrl(projectId: number, repository: string): string {
  return `/harbor/projects/${projectId}/repositories/${repository}`;
}

export function artifactUrl(projectId: number, repository: string, digest: string): string {
  return `${repositoryUrl(projectId, repository)}/artifacts/${digest}`;
}
