import type { RegistryHttp } from './registry-http.js';
import { RegistryError } from './retry.js';

const PAGE_SIZE = 100;

/** What a remote Harbor (or harbor-ts) lists of one artifact: enough to apply replication filters. */
export interface HarborArtifact {
  digest: string;
  type: string;
  tags: string[];
  labels: string[];
  /** A signature or SBOM: its subject's tags, which tag filters look at. */
  subjectTags?: string[];
}

interface ListedArtifact {
  digest: string;
  type: string;
  tags?: { name: string }[] | null;
  labels?: { name: string }[] | null;
  accessories?: { digest: string }[] | null;
}

const namesOf = (items: { name: string }[] | null | undefined) => (items ?? []).map((item) => item.name);

/** `a/b` inside a project: Harbor's API wants the slashes encoded twice. */
function repositoryPath(repository: string): string {
  const slash = repository.indexOf('/');
  const project = repository.slice(0, slash);
  const name = repository.slice(slash + 1);
  return `${encodeURIComponent(project)}/repositories/${encodeURIComponent(encodeURIComponent(name))}`;
}

/** One GET of Harbor's REST API with Basic credentials, its JSON answer or the remote's reason. */
async function getJson<T>(http: RegistryHttp, path: string): Promise<T> {
  const url = `/api/v2.0${path}`;
  const res = await http.send('GET', url, { basic: true, headers: { accept: 'application/json' } });
  const text = await res.body.text();
  if (res.statusCode !== 200)
    throw new RegistryError(`GET ${url}: ${res.statusCode} ${text.trim().slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Every page of a Harbor list, read until a page comes back short. */
async function pages<T>(http: RegistryHttp, path: string): Promise<T[]> {
  const items: T[] = [];
  const separator = path.includes('?') ? '&' : '?';
  for (let page = 1; ; page++) {
    const batch = await getJson<T[]>(http, `${path}${separator}page=${page}&page_size=${PAGE_SIZE}`);
    items.push(...batch);
    if (batch.length < PAGE_SIZE) return items;
  }
}

/**
 * A remote Harbor's repositories through its REST API, as Harbor's own adapter reads them: the
 * projects the credential can see, then each one's repositories. `/v2/_catalog` is for system
 * admins only there, so a project robot's catalog would be empty.
 */
export async function harborRepositories(http: RegistryHttp): Promise<string[]> {
  const projects = await pages<{ name: string }>(http, '/projects');
  const repositories: string[] = [];
  for (const project of projects) {
    const listed = await pages<{ name: string }>(
      http,
      `/projects/${encodeURIComponent(project.name)}/repositories`,
    );
    repositories.push(...listed.map((repository) => repository.name));
  }
  return repositories;
}

/**
 * A remote Harbor repository's artifacts with their tags and labels (so label filters apply), and
 * their accessories (signatures, SBOMs) after them, each with its own tags read by digest, as
 * Harbor's adapter lists them with `with_accessory=true`.
 */
export async function harborArtifacts(http: RegistryHttp, repository: string): Promise<HarborArtifact[]> {
  const base = `/projects/${repositoryPath(repository)}/artifacts`;
  const listed = await pages<ListedArtifact>(
    http,
    `${base}?with_tag=true&with_label=true&with_accessory=true`,
  );
  const artifacts: HarborArtifact[] = listed.map((artifact) => ({
    digest: artifact.digest,
    type: artifact.type,
    tags: namesOf(artifact.tags),
    labels: namesOf(artifact.labels),
  }));
  for (const subject of listed)
    for (const accessory of subject.accessories ?? []) {
      const read = await getJson<ListedArtifact>(http, `${base}/${accessory.digest}?with_tag=true`);
      artifacts.push({
        digest: read.digest,
        type: read.type,
        tags: namesOf(read.tags),
        labels: namesOf(subject.labels),
        subjectTags: namesOf(subject.tags),
      });
    }
  return artifacts;
}

/**
 * Harbor's PrepareForPush: the destination project is created (private) when it does not exist, so
 * quotas and members are set up as for any project. A project that exists, or that someone created
 * meanwhile (409), is fine; it is looked up first, as a robot may see a project it may not create.
 */
export async function ensureHarborProject(
  http: RegistryHttp,
  project: string,
): Promise<'created' | 'exists'> {
  const path = `/api/v2.0/projects/${encodeURIComponent(project)}`;
  const found = await http.send('GET', path, { basic: true, headers: { accept: 'application/json' } });
  await found.body.text();
  if (found.statusCode === 200) return 'exists';
  const res = await http.send('POST', '/api/v2.0/projects', {
    basic: true,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ project_name: project, metadata: { public: 'false' } }),
  });
  const text = await res.body.text();
  if (res.statusCode === 201) return 'created';
  if (res.statusCode === 409) return 'exists';
  throw new RegistryError(
    `creating the project ${project} failed: ${res.statusCode} ${text.trim().slice(0, 300)}`,
  );
}
