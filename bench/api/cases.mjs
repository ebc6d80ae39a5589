// What bench:api measures: the Harbor API paths the portal and docker clients call most, with the
// pages, projects and artifacts picked at random so no single row stays hot in a cache.
import { DATASET, MANY_TAGS } from './seed.mjs';

const pick = (n) => Math.floor(Math.random() * n);
const pad = (i) => String(i).padStart(3, '0');
const project = () => `proj-${pad(pick(DATASET.projects))}`;
const repoPath = (p, r) => `/api/v2.0/projects/${p}/repositories/${r}`;
const pullToken = () =>
  `/service/token?service=harbor-registry&scope=repository:${project()}/repo-${pad(pick(DATASET.reposPerProject))}:pull`;
const randomRepo = () => repoPath(project(), `repo-${pad(pick(DATASET.reposPerProject))}`);

/**
 * [name, { path, headers }] pairs. `admin`/`member` are session-cookie headers, `adminBasic`/`memberBasic`
 * basic-auth headers (what docker and CI scripts send), `catalogToken` and `memberCatalogToken` bearer
 * tokens with `registry:catalog:*`, `samples` random artifacts ({ project, repository, digest, tag }).
 */
export function benchCases({
  admin,
  member,
  adminBasic,
  memberBasic,
  catalogToken,
  memberCatalogToken,
  samples,
}) {
  const sample = () => samples[pick(samples.length)];
  const manyTags = `${repoPath(MANY_TAGS.project, MANY_TAGS.repository)}/artifacts/${MANY_TAGS.digest}/tags`;
  const tagPages = MANY_TAGS.tags / 10;
  return [
    ['baseline: GET /ping (no auth, no SQL)', { path: () => '/api/v2.0/ping', headers: {} }],
    ['baseline: GET /users/current', { path: () => '/api/v2.0/users/current', headers: admin }],
    ['GET /users/current, basic auth', { path: () => '/api/v2.0/users/current', headers: memberBasic }],
    // docker's token request before a pull, as `docker pull` sends it (a random repository each time).
    ['token, anonymous', { path: pullToken, headers: {} }],
    ['token, basic auth (admin)', { path: pullToken, headers: adminBasic }],
    ['token, basic auth (member)', { path: pullToken, headers: memberBasic }],
    [
      'list projects (admin)',
      { path: () => `/api/v2.0/projects?page=${1 + pick(10)}&page_size=10`, headers: admin },
    ],
    ['list projects (member)', { path: () => `/api/v2.0/projects?page_size=10`, headers: member }],
    [
      'list repositories',
      {
        path: () => `/api/v2.0/projects/${project()}/repositories?page=${1 + pick(10)}&page_size=10`,
        headers: admin,
      },
    ],
    [
      'list artifacts (tags, labels, scan overview)',
      {
        path: () =>
          `${randomRepo()}/artifacts?with_tag=true&with_label=true&with_scan_overview=true&page_size=10`,
        headers: admin,
      },
    ],
    [
      'get artifact by tag',
      {
        path: () => {
          const a = sample();
          return `${repoPath(a.project, a.repository)}/artifacts/${a.tag}?with_tag=true&with_label=true&with_scan_overview=true`;
        },
        headers: admin,
      },
    ],
    [
      'get artifact by digest',
      {
        path: () => {
          const a = sample();
          return `${repoPath(a.project, a.repository)}/artifacts/${a.digest}?with_tag=true&with_label=true&with_scan_overview=true`;
        },
        headers: admin,
      },
    ],
    [
      `list tags of an artifact with ${MANY_TAGS.tags} tags`,
      { path: () => `${manyTags}?page=${1 + pick(tagPages)}&page_size=10`, headers: admin },
    ],
    ['/v2/_catalog (n=100, admin token)', { path: () => `/v2/_catalog?n=100`, headers: catalogToken }],
    [
      '/v2/_catalog (n=100, from a random repository)',
      { path: () => `/v2/_catalog?n=100&last=${project()}%2Frepo-050`, headers: catalogToken },
    ],
    ['/v2/_catalog (n=100, member token)', { path: () => `/v2/_catalog?n=100`, headers: memberCatalogToken }],
    ['search', { path: () => `/api/v2.0/search?q=repo-0${pick(10)}`, headers: member }],
    [
      'list audit logs (admin)',
      { path: () => `/api/v2.0/audit-logs?page=${1 + pick(10)}&page_size=10`, headers: admin },
    ],
    ['list audit logs (member)', { path: () => `/api/v2.0/audit-logs?page_size=10`, headers: member }],
    [
      'list project logs',
      { path: () => `/api/v2.0/projects/${project()}/logs?page_size=10`, headers: admin },
    ],
    ['list members', { path: () => `/api/v2.0/projects/${project()}/members?page_size=10`, headers: admin }],
    [
      'list all repositories (member)',
      { path: () => `/api/v2.0/repositories?page_size=10`, headers: member },
    ],
    ['statistics (admin)', { path: () => `/api/v2.0/statistics`, headers: admin }],
  ];
}
