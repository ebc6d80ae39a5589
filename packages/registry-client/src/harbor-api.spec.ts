import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { harborArtifacts, harborRepositories } from './harbor-api.js';
import { RegistryHttp } from './registry-http.js';

const BASIC = `Basic ${Buffer.from('robot$sync:pw').toString('base64')}`;

/** A Harbor-shaped REST API: Basic auth only, `page`/`page_size` paging, one project of 101 repositories. */
async function fakeHarbor() {
  const seen: string[] = [];
  const repositories = Array.from({ length: 101 }, (_, i) => ({ name: `team/app-${i}` }));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push(req.url!);
    if (req.headers.authorization !== BASIC)
      return res.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('page_size'));
    const paged = <T>(items: T[]) => res.end(JSON.stringify(items.slice((page - 1) * size, page * size)));
    if (url.pathname === '/api/v2.0/projects') return paged([{ name: 'team' }]);
    if (url.pathname === '/api/v2.0/projects/team/repositories') return paged(repositories);
    // `nested/app` arrives with its slash encoded twice, as Harbor's API wants it.
    if (url.pathname === '/api/v2.0/projects/team/repositories/nested%252Fapp/artifacts')
      return paged([
        {
          digest: 'sha256:aa',
          type: 'IMAGE',
          tags: [{ name: 'v1' }],
          labels: [{ name: 'release' }],
          accessories: [{ digest: 'sha256:5151' }],
        },
        { digest: 'sha256:bb', type: 'IMAGE', tags: null, labels: null },
      ]);
    if (url.pathname === '/api/v2.0/projects/team/repositories/nested%252Fapp/artifacts/sha256:5151')
      return res.end(
        JSON.stringify({ digest: 'sha256:5151', type: 'IMAGE', tags: [{ name: 'sha256-aa.sig' }] }),
      );
    return res.writeHead(404).end('{"errors":[{"code":"NOT_FOUND","message":"no such thing"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("a remote Harbor's REST API", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('lists every repository of every visible project, page after page, with Basic credentials', async () => {
    const harbor = await fakeHarbor();
    close = harbor.close;
    const http = new RegistryHttp({ url: harbor.url, username: 'robot$sync', password: 'pw' });
    const repositories = await harborRepositories(http);
    expect(repositories).toHaveLength(101);
    expect(repositories.at(-1)).toBe('team/app-100');
    expect(harbor.seen.filter((u) => u.startsWith('/api/v2.0/projects/team/repositories'))).toEqual([
      '/api/v2.0/projects/team/repositories?page=1&page_size=100',
      '/api/v2.0/projects/team/repositories?page=2&page_size=100',
    ]);
    await http.close();
  });

  it("reads artifacts with tags and labels, and each accessory with its own tags and its subject's", async () => {
    const harbor = await fakeHarbor();
    close = harbor.close;
    const http = new RegistryHttp({ url: harbor.url, username: 'robot$sync', password: 'pw' });
    expect(await harborArtifacts(http, 'team/nested/app')).toEqual([
      { digest: 'sha256:aa', type: 'IMAGE', tags: ['v1'], labels: ['release'] },
      { digest: 'sha256:bb', type: 'IMAGE', tags: [], labels: [] },
      {
        digest: 'sha256:5151',
        type: 'IMAGE',
        tags: ['sha256-aa.sig'],
        labels: ['release'],
        subjectTags: ['v1'],
      },
    ]);
    await expect(harborArtifacts(http, 'team/missing')).rejects.toThrow(/404 .*no such thing/);
    await http.close();
  });
});
