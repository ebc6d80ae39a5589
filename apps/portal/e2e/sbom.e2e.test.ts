// @vitest-environment node
import type { Browser, Page } from 'playwright-core';
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
import { DEBIAN_OS_RELEASE, DEBIAN_STATUS } from '../../trivy-adapter/test/fixtures/images.js';
import { layer, pushImage } from '../../trivy-adapter/test/support/image-push.js';
import { launchPage, missingTools, signIn } from './browser.js';

const admin = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;
const STEP = 90_000;

/**
 * SBOMs as a user meets them in Chromium on `./install.sh --native --with-trivy`: "Generate SBOM" in
 * the artifact list, the SBOM status column, the package list on the artifact page, and the project
 * switch that generates one on every push; in English and in Chinese.
 */
describe.skipIf(missingTools('SBOM portal e2e').length > 0 && !process.env.CI)(
  'SBOMs in the portal, in a browser',
  () => {
    const dir = tempDir('hts-portal-sbom-');
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
      const created = await fetch(`${base}/api/v2.0/projects`, {
        method: 'POST',
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: JSON.stringify({ project_name: 'described', metadata: { public: 'false' } }),
      });
      projectId = Number(created.headers.get('location')!.split('/').pop());
      digest = await pushImage(base, admin, 'described/debian', '12', [
        await layer({ 'etc/os-release': DEBIAN_OS_RELEASE, 'var/lib/dpkg/status': DEBIAN_STATUS }),
      ]);
      ({ browser, page } = await launchPage());
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      if (conf) runSync(HARBORCTL, ['--conf', conf, 'stop']);
      removeDir(dir);
    });

    it(
      'generates an SBOM from the artifact list and lists its packages on the artifact page',
      async () => {
        await page.goto(`${base}/harbor/projects`);
        await signIn(page, 'admin', 'Harbor12345');
        await page.goto(`${base}/harbor/projects/${projectId}/repositories/debian`);
        const row = page.getByRole('row', { name: /sha256:/ });
        await row.getByText('No SBOM').waitFor();
        await row.getByRole('button', { name: 'Generate SBOM' }).click();
        for (let attempt = 0; ; attempt++) {
          const shown = await row
            .getByText('Generated')
            .waitFor({ timeout: 2_000 })
            .then(
              () => true,
              () => false,
            );
          if (shown) break;
          if (attempt === 20) throw new Error('the SBOM never showed as generated');
          await page.reload();
        }

        await page.goto(`${base}/harbor/projects/${projectId}/repositories/debian/artifacts/${digest}`);
        const table = page.getByRole('table', { name: 'SBOM' });
        const libssl = table.getByRole('row', { name: /libssl3/ });
        await libssl.getByRole('cell', { name: '3.0.11-1~deb12u2', exact: true }).waitFor();
        await libssl
          .getByText('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl&distro=debian-12')
          .waitFor();
        await page.getByText('3 packages').waitFor();
        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Download SPDX JSON' }).click();
        expect((await download).suggestedFilename()).toBe(`${digest.slice(7, 19)}.spdx.json`);
      },
      STEP,
    );

    it(
      'turns SBOM generation on push on in the project configuration',
      async () => {
        await page.goto(`${base}/harbor/projects/${projectId}/configuration`);
        await page.getByRole('switch', { name: 'Automatically generate SBOM on push' }).check();
        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByText('Configuration saved.').waitFor();
        const project = (await (
          await fetch(`${base}/api/v2.0/projects/${projectId}`, { headers: { authorization: admin } })
        ).json()) as { metadata: Record<string, string> };
        expect(project.metadata.auto_sbom_generation).toBe('true');
      },
      STEP,
    );

    it(
      'says the same in Chinese',
      async () => {
        await page.getByLabel('Language').selectOption('zh-CN');
        await page.getByRole('switch', { name: '推送时自动生成 SBOM' }).waitFor();
        await page.goto(`${base}/harbor/projects/${projectId}/repositories/debian`);
        await page
          .getByRole('row', { name: /sha256:/ })
          .getByText('已生成')
          .waitFor();
        await page
          .getByRole('row', { name: /sha256:/ })
          .getByRole('button', { name: '生成 SBOM' })
          .waitFor();
      },
      STEP,
    );
  },
);
