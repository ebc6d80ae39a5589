// @vitest-environment node
import { createHash, randomBytes } from 'node:crypto';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPage, missingTools, signIn } from './browser.js';

const STEP = 60_000;
const ROWS = 16; // more than a page of projects (15), so every list page is full or nearly so
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

// Skipped only on a developer machine without chromium; under CI a missing browser must fail.
const missing = missingTools('List requests portal e2e').length > 0;

/** What the page shell asks once and react-query keeps across pages: not part of any list. */
const SHELL = new Set(['/api/v2.0/users/current', '/api/v2.0/systeminfo']);

/**
 * Every list page of the portal, in Chromium against the native stack, with enough rows that a request per
 * row would show: each page sends its list request once and nothing per row (Harbor's portal sends one
 * `/projects/{id}/summary` per project row, goharbor/harbor#19077).
 */
describe.skipIf(missing && !process.env.CI)('one API request per list page, in a browser', () => {
  let stack: NativeStack | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let base = '';
  let projectId = 0;
  const admin = () => `Basic ${Buffer.from(`admin:${stack!.adminPassword}`).toString('base64')}`;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/api/v2.0${path}`, {
      method,
      headers: { authorization: admin(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  };

  /** docker's push of a one-layer image over the registry API (a token, two blobs, the manifest). */
  const push = async (repository: string, tag: string) => {
    const tokenResponse = await fetch(
      `${base}/service/token?service=harbor-registry&scope=repository:${repository}:pull,push`,
      { headers: { authorization: admin() } },
    );
    const auth = `Bearer ${((await tokenResponse.json()) as { token: string }).token}`;
    const blob = async (bytes: Buffer) => {
      const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      const response = await fetch(`${base}/v2/${repository}/blobs/uploads/?digest=${digest}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(bytes),
      });
      expect(response.status).toBe(201);
      return { digest, size: bytes.length };
    };
    const layer = await blob(randomBytes(512));
    const config = await blob(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux' })));
    const manifest = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': OCI_MANIFEST },
      body: JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
      }),
    });
    expect(manifest.status).toBe(201);
  };

  /**
   * Opens `path`, waits for `ready` (the list's last row) and for the network to settle, and returns the
   * API requests the page sent, shell requests left out, as `METHOD /path` (query dropped).
   */
  const requestsOf = async (path: string, ready: () => Promise<void>) => {
    const sent: string[] = [];
    const listen = (request: { url(): string; method(): string }) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/api/') || SHELL.has(url.pathname)) return;
      sent.push(`${request.method()} ${url.pathname}`);
    };
    page.on('request', listen);
    try {
      await page.goto(`${base}${path}`);
      await ready();
      await page.waitForLoadState('networkidle');
    } finally {
      page.off('request', listen);
    }
    return sent.sort();
  };

  const lastRow = (text: string) => () => page.getByRole('row').filter({ hasText: text }).first().waitFor();
  /** For lists whose rows carry no name of ours (audit logs): the header row and `n` rows. */
  const rows = (n: number) => () => page.getByRole('row').nth(n).waitFor();

  beforeAll(async () => {
    stack = await startNativeStack();
    base = stack.url;
    const pad = (i: number) => String(i).padStart(2, '0');
    for (let i = 0; i < ROWS; i++) await call('POST', '/projects', { project_name: `rows-${pad(i)}` });
    projectId = ((await (await call('GET', '/projects/rows-00')).json()) as { project_id: number })
      .project_id;
    for (let i = 0; i < 6; i++) await push(`rows-00/repo-${i}`, 'v1');
    for (let i = 2; i <= 6; i++) await push('rows-00/repo-0', `v${i}`);
    for (let i = 0; i < 6; i++) {
      const username = `member-${i}`;
      await call('POST', '/users', {
        username,
        password: 'Passw0rd1',
        email: `${username}@example.com`,
        realname: username,
      });
      await call('POST', `/projects/${projectId}/members`, { role_id: 2, member_user: { username } });
      await call('POST', '/labels', { name: `global-${i}`, scope: 'g' });
      await call('POST', '/labels', { name: `local-${i}`, scope: 'p', project_id: projectId });
      const access = [{ resource: 'repository', action: 'pull' }];
      await call('POST', '/robots', {
        name: `bot-${i}`,
        level: 'project',
        duration: -1,
        permissions: [{ kind: 'project', namespace: 'rows-00', access }],
      });
      await call('POST', '/robots', {
        name: `sysbot-${i}`,
        level: 'system',
        duration: -1,
        permissions: [{ kind: 'project', namespace: '*', access }],
      });
    }
    ({ browser, page } = await launchPage());
    await page.goto(`${base}/harbor/projects`);
    await signIn(page, 'admin', stack.adminPassword);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 120_000);

  it(
    'Projects: one GET /projects for the page, no request per row',
    async () => {
      // Sorted by name, the first page holds `library` and rows-00 to rows-13.
      const sent = await requestsOf('/harbor/projects', lastRow('rows-13'));
      // The statistics bar above the list is one request for the page.
      expect(sent).toEqual(['GET /api/v2.0/projects', 'GET /api/v2.0/statistics']);
    },
    STEP,
  );

  // Each project tab also reads the project once for its header.
  const projectPage = (tab: string) => `/harbor/projects/${projectId}/${tab}`;
  const header = () => `GET /api/v2.0/projects/${projectId}`;

  it.each([
    ['repositories', 'rows-00/repo-5', 'GET /api/v2.0/projects/rows-00/repositories'],
    ['members', 'member-5', 'GET /api/v2.0/projects/{id}/members'],
    ['robots', 'bot-5', 'GET /api/v2.0/robots'],
    ['labels', 'local-5', 'GET /api/v2.0/labels'],
  ])(
    'project %s: one list request',
    async (tab, last, list) => {
      const sent = await requestsOf(projectPage(tab), lastRow(last));
      expect(sent.filter((r) => r !== header())).toEqual([list.replace('{id}', String(projectId))]);
    },
    STEP,
  );

  it(
    'project logs: one list request',
    async () => {
      const sent = await requestsOf(projectPage('logs'), rows(10));
      expect(sent.filter((r) => r !== header())).toEqual(['GET /api/v2.0/projects/rows-00/logs']);
    },
    STEP,
  );

  it(
    'artifacts of a repository: one list request for the tags, labels and scan state of every row',
    async () => {
      const sent = await requestsOf(projectPage('repositories/repo-0'), lastRow('v6'));
      const list = 'GET /api/v2.0/projects/rows-00/repositories/repo-0/artifacts';
      expect(
        sent.filter((r) => r.startsWith('GET /api/v2.0/projects/rows-00/repositories/repo-0/artifacts')),
      ).toEqual([list]);
      // Besides the list: the project header and the repository's own description, once each.
      expect(sent.length).toBeLessThanOrEqual(4);
    },
    STEP,
  );

  it.each([
    ['users', 'member-5', 'GET /api/v2.0/users'],
    ['robot-accounts', 'sysbot-5', 'GET /api/v2.0/robots'],
    ['project-quotas', 'rows-14', 'GET /api/v2.0/quotas'],
    ['labels', 'global-5', 'GET /api/v2.0/labels'],
  ])(
    'Administration › %s: one list request',
    async (area, last, list) => {
      const sent = await requestsOf(`/harbor/${area}`, lastRow(last));
      expect(sent).toEqual([list]);
    },
    STEP,
  );

  it(
    'Administration › Logs: one list request',
    async () => {
      expect(await requestsOf('/harbor/logs', rows(10))).toEqual(['GET /api/v2.0/audit-logs']);
    },
    STEP,
  );
});
