// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPage, missingTools, signIn } from './browser.js';
import {
  DISTRIBUTION,
  startDistribution,
  type Distribution,
} from '../../core/test/registries-distribution.js';
import { writeOciLayout } from './oci-image.js';

const STEP = 120_000;
const LOGIN = { username: 'replicator', password: 'Remote-pw-123' };

// Skipped only on a developer machine without chromium or docker-registry; under CI a missing tool must fail.
const missing = missingTools('Replication portal e2e', DISTRIBUTION, '/usr/bin/skopeo');
const exec = promisify(execFile);

/**
 * Administration › Registries and Replications in Chromium against the native stack: the admin adds an
 * endpoint for a docker-registry (distribution 2.8 with htpasswd) the test runs, sees Test Connection
 * fail with a wrong secret and succeed with the right one, saves it, then makes a scheduled push rule
 * to it, sees it listed, and deactivates it; enabled again, REPLICATE runs it and the run, its task and
 * the image on the remote show up.
 */
describe.skipIf(missing.length > 0 && !process.env.CI)(
  'registries and replication rules in the portal',
  () => {
    let stack: NativeStack | undefined;
    let remote: Distribution | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let base = '';

    const adminAuth = () => `Basic ${Buffer.from(`admin:${stack!.adminPassword}`).toString('base64')}`;
    const openAdmin = async (link: string, heading: string) => {
      await page.getByText('Administration', { exact: true }).click();
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading }).waitFor();
    };

    beforeAll(async () => {
      remote = await startDistribution(LOGIN);
      stack = await startNativeStack();
      base = stack.url;
      ({ browser, page } = await launchPage({ width: 1400, height: 1000 }));
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await remote?.stop();
      await stack?.stop();
    }, 120_000);

    it(
      'adds an endpoint after Test Connection, and lists it healthy',
      async () => {
        await page.goto(`${base}/harbor/projects`);
        await signIn(page, 'admin', stack!.adminPassword);
        await openAdmin('Registries', 'Registries');
        await page.getByText("We couldn't find any endpoints!").waitFor();

        await page.getByRole('button', { name: 'New Endpoint' }).click();
        const dialog = page.getByRole('dialog', { name: 'New Registry Endpoint' });
        await dialog.getByLabel('Provider').selectOption('docker-registry');
        await dialog.getByLabel('Name', { exact: true }).fill('dist-b');
        await dialog.getByLabel('Endpoint URL').fill(remote!.url);
        await dialog.getByLabel('Access ID').fill(LOGIN.username);
        await dialog.getByLabel('Access Secret').fill('not-the-password');
        await dialog.getByRole('button', { name: 'Test Connection' }).click();
        await dialog.getByRole('alert').filter({ hasText: 'Failed to ping endpoint.' }).waitFor();

        await dialog.getByLabel('Access Secret').fill(LOGIN.password);
        await dialog.getByRole('button', { name: 'Test Connection' }).click();
        await dialog.getByRole('status').filter({ hasText: 'Connection tested successfully.' }).waitFor();
        await dialog.getByRole('button', { name: 'OK', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });

        const row = page.getByRole('row').filter({ hasText: 'dist-b' });
        await row.getByText('Healthy', { exact: true }).waitFor();
        await row.getByText(remote!.url).waitFor();
        await row.getByText('docker-registry').waitFor();

        const listed = await fetch(`${base}/api/v2.0/registries`, {
          headers: { authorization: adminAuth() },
        });
        const registries = (await listed.json()) as Record<string, unknown>[];
        expect(registries).toEqual([
          expect.objectContaining({
            name: 'dist-b',
            url: remote!.url,
            type: 'docker-registry',
            credential: { type: 'basic', access_key: LOGIN.username, access_secret: '*****' },
          }),
        ]);
        expect(JSON.stringify(registries)).not.toContain(LOGIN.password);
      },
      STEP,
    );

    it(
      'creates a scheduled push rule to the endpoint, lists it, and deactivates it',
      async () => {
        await openAdmin('Replications', 'Replications');
        await page.getByRole('button', { name: 'New Replication Rule' }).click();
        const dialog = page.getByRole('dialog', { name: 'New Replication Rule' });
        await dialog.getByRole('textbox', { name: 'Name', exact: true }).first().fill('push-to-dist');
        await dialog.getByLabel('Replication mode').selectOption({ label: 'Push-based' });
        await expect(dialog.getByLabel('Destination registry').inputValue()).resolves.not.toBe('');
        await dialog.getByLabel('Namespace', { exact: true }).fill('mirror');
        await dialog.getByLabel('Trigger Mode').selectOption({ label: 'Scheduled' });
        // Harbor's rule for the cron, answered by core in the dialog.
        await dialog.getByLabel('Cron String').fill('0 * 3 * * *');
        await dialog.getByRole('button', { name: 'Save' }).click();
        await dialog
          .getByRole('alert')
          .filter({ hasText: /Minutes field|invalid/i })
          .waitFor();
        await dialog.getByLabel('Cron String').fill('0 0 3 * * *');
        await dialog.getByRole('button', { name: 'Save' }).click();
        await dialog.waitFor({ state: 'hidden' });

        const row = page.getByRole('row').filter({ hasText: 'push-to-dist' });
        await row.getByText('Enabled', { exact: true }).waitFor();
        await row.getByText('Push-based').waitFor();
        await row.getByText('Scheduled').waitFor();
        await row.getByText('dist-b : mirror').waitFor();

        const got = await fetch(`${base}/api/v2.0/replication/policies?name=push-to-dist`, {
          headers: { authorization: adminAuth() },
        });
        const [policy] = (await got.json()) as Record<string, unknown>[];
        expect(policy).toMatchObject({
          name: 'push-to-dist',
          src_registry: { id: 0 },
          dest_registry: { name: 'dist-b' },
          dest_namespace: 'mirror',
          trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 3 * * *' } },
          enabled: true,
        });

        await row.getByRole('button', { name: 'Deactivate' }).click();
        await row.getByText('Deactivated', { exact: true }).waitFor();
      },
      STEP,
    );

    it(
      'replicates the selected rule on REPLICATE: the run succeeds, its task copied the image to the remote',
      async () => {
        const layout = mkdtempSync(join(tmpdir(), 'replicate-'));
        try {
          writeOciLayout(layout, 'v1', 'replicated from the portal\n');
          await exec('skopeo', [
            'copy',
            '--dest-tls-verify=false',
            '--dest-creds',
            `admin:${stack!.adminPassword}`,
            `oci:${layout}:v1`,
            `docker://${stack!.registryHost}/library/hello:v1`,
          ]);
        } finally {
          rmSync(layout, { recursive: true, force: true });
        }

        const rule = page.getByRole('row').filter({ hasText: 'push-to-dist' });
        await rule.getByRole('button', { name: 'Enable' }).click();
        await rule.getByText('Enabled', { exact: true }).waitFor();
        await page.getByRole('radio', { name: 'Select push-to-dist' }).check();
        await page.getByText("We couldn't find any replication jobs!").waitFor();
        await page.getByRole('button', { name: 'Replicate', exact: true }).click();
        const confirm = page.getByRole('dialog', { name: 'Confirm Replication Rule Execution' });
        await confirm.getByText('Do you want to execute replication rule push-to-dist?').waitFor();
        await confirm.getByRole('button', { name: 'Replicate' }).click();
        await confirm.waitFor({ state: 'hidden' });

        // The list re-reads itself every 5 s while the run goes on.
        const runs = page.getByRole('table', { name: 'Executions of push-to-dist' });
        const run = runs.getByRole('row').filter({ hasText: 'Manual' });
        await run.getByText('Success', { exact: true }).waitFor({ timeout: 90_000 });
        await run.getByText('100%').waitFor();
        await run.getByRole('button', { name: /^Tasks of execution/ }).click();
        const task = page
          .getByRole('table', { name: /^Tasks of execution/ })
          .getByRole('row')
          .filter({ hasText: 'library/hello' });
        await task.getByText('mirror/hello', { exact: false }).waitFor();
        await task.getByText('Success', { exact: true }).waitFor();

        const basic = `Basic ${Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString('base64')}`;
        const tags = await fetch(`${remote!.url}/v2/mirror/hello/tags/list`, {
          headers: { authorization: basic },
        });
        expect(await tags.json()).toEqual({ name: 'mirror/hello', tags: ['v1'] });
        const logUrl = await task.getByRole('link').getAttribute('href');
        const log = await fetch(`${base}${logUrl}`, { headers: { authorization: adminAuth() } });
        expect(log.status).toBe(200);
        expect(await log.text()).not.toBe('');
      },
      STEP,
    );
  },
);
