// @vitest-environment node
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HARBORCTL,
  INSTALL,
  freePort,
  removeDir,
  run,
  runSync,
  tempDir,
  writeHarborYml,
} from '../../../deploy/test/support/harness.js';
import { DEBIAN_OS_RELEASE, DEBIAN_STATUS, OSV_DEBIAN } from '../../trivy-adapter/test/fixtures/images.js';
import { layer, pushImage } from '../../trivy-adapter/test/support/image-push.js';
import { untilOsvLoaded } from '../../trivy-adapter/test/support/osv-loaded.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const admin = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;
const STEP = 60_000;

/**
 * Scanning as a user sees it in Chromium on `./install.sh --native --with-trivy`: an image pushed to
 * a project that scans on push shows its findings in the artifact list and on its page, in English
 * and in Chinese.
 */
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('scanning in the portal, in a browser', () => {
  const dir = tempDir('hts-portal-scan-');
  let conf = '';
  let base = '';
  let browser: Browser;
  let page: Page;
  let projectId = 0;
  let digest = '';

  beforeAll(async () => {
    const port = await freePort();
    conf = writeHarborYml({ dir, httpPort: port });
    const installed = await run(INSTALL, ['--native', '--with-trivy', '--conf', conf]);
    if (installed.code !== 0) throw new Error(`install failed:\n${installed.stdout}\n${installed.stderr}`);
    base = `http://127.0.0.1:${port}`;
    // The offline database, where the adapter reads it; wait until it has.
    const data = join(dir, 'data', 'trivy-adapter');
    writeFileSync(join(data, 'osv', 'debian.json'), JSON.stringify(OSV_DEBIAN));
    const adapterConfig = readFileSync(join(dir, 'common', 'config', 'trivy-adapter', 'config.yml'), 'utf8');
    const adapter = `http://127.0.0.1:${/port: (\d+)/.exec(adapterConfig)![1]}/api/v1/metadata`;
    // prepare gives the adapter an API key; core presents it, and so does this check.
    const authorization = `Bearer ${/apiKey: (\S+)/.exec(adapterConfig)![1]}`;
    await untilOsvLoaded(async () => {
      const metadata = (await (await fetch(adapter, { headers: { authorization } })).json()) as {
        properties: Record<string, string>;
      };
      return metadata.properties;
    }, OSV_DEBIAN.length);
    const created = await fetch(`${base}/api/v2.0/projects`, {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ project_name: 'scanned', metadata: { auto_scan: 'true' } }),
    });
    projectId = Number(created.headers.get('location')!.split('/').pop());
    digest = await pushImage(base, admin, 'scanned/debian', '12', [
      await layer({ 'etc/os-release': DEBIAN_OS_RELEASE, 'var/lib/dpkg/status': DEBIAN_STATUS }),
    ]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
    });
    page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    ).newPage();
    page.setDefaultTimeout(15_000);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (conf) runSync(HARBORCTL, ['--conf', conf, 'stop']);
    removeDir(dir);
  });

  it(
    'shows the pushed image’s findings by severity in the list, and each CVE on its page',
    async () => {
      await page.goto(`${base}/harbor/projects/${projectId}/repositories/debian`);
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill('Harbor12345');
      await page.getByRole('button', { name: 'Log in' }).click();
      const row = page.getByRole('row', { name: /sha256:/ });
      // Scan on push runs after the push: reload until the scan has finished.
      const summary = row.getByText('Critical 1 · High 1 · Negligible 1');
      for (let attempt = 0; ; attempt++) {
        const shown = await summary.waitFor({ timeout: 2_000 }).then(
          () => true,
          () => false,
        );
        if (shown) break;
        if (attempt === 15) throw new Error('the scan result never showed');
        await page.reload();
      }

      await page.goto(`${base}/harbor/projects/${projectId}/repositories/debian/artifacts/${digest}`);
      const table = page.getByRole('table', { name: 'Vulnerabilities' });
      const finding = table.getByRole('row', { name: /CVE-2024-0727/ });
      await finding.getByText('3.0.13-1~deb12u1').waitFor();
      expect(await finding.getByRole('link', { name: 'CVE-2024-0727' }).getAttribute('href')).toBe(
        'https://osv.dev/vulnerability/DEBIAN-CVE-2024-0727',
      );
      await page.getByLabel('Filter by CVE, package or severity').fill('libc6');
      await table.getByRole('row', { name: /CVE-2024-2961/ }).waitFor();
      expect(await table.getByRole('row', { name: /CVE-2024-0727/ }).count()).toBe(0);
    },
    STEP,
  );

  it(
    'schedules scan all daily on Interrogation Services, and shows the next run',
    async () => {
      await page.goto(`${base}/harbor/interrogation-services`);
      const form = page.getByRole('form', { name: 'Scan all schedule' });
      await form.getByLabel('Schedule').selectOption('Daily');
      await form.getByRole('button', { name: 'Save schedule' }).click();
      await form.getByText('Schedule saved.').waitFor();
      await page.reload();
      expect(
        await page.getByRole('form', { name: 'Scan all schedule' }).getByLabel('Schedule').inputValue(),
      ).toBe('Daily');
      await page.getByText(/Next scheduled run:/).waitFor();
      const saved = (await (
        await fetch(`${base}/api/v2.0/system/scanAll/schedule`, { headers: { authorization: admin } })
      ).json()) as { schedule: { type: string; cron: string } };
      expect(saved.schedule).toMatchObject({ type: 'Daily', cron: '0 0 0 * * *' });
      // Back to the artifact, where the next step switches the language.
      await page.goto(`${base}/harbor/projects/${projectId}/repositories/debian/artifacts/${digest}`);
      await page.getByRole('table', { name: 'Vulnerabilities' }).waitFor();
    },
    STEP,
  );

  it(
    'says the same in Chinese',
    async () => {
      await page.getByLabel('Language').selectOption('zh-CN');
      await page.getByRole('table', { name: '漏洞' }).waitFor();
      await page.goto(`${base}/harbor/projects/${projectId}/repositories/debian`);
      await page
        .getByRole('row', { name: /sha256:/ })
        .getByText('危急 1 · 严重 1 · 可忽略 1')
        .waitFor();
      await page.getByRole('columnheader', { name: '漏洞' }).waitFor();
      await page.goto(`${base}/harbor/interrogation-services`);
      await page.getByRole('form', { name: '定时扫描所有镜像' }).waitFor();
    },
    STEP,
  );
});
