// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startNativeStack, type NativeStack } from '@harbor-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, launchPage, missingTools, signIn } from './browser.js';
import { runSync } from '../../../deploy/test/support/harness.js';
import { writeOciLayout } from './oci-image.js';

const STEP = 120_000;

// Skipped only on a developer machine without chromium or skopeo; under CI a missing tool must fail.
const missing = missingTools('Webhooks portal e2e', '/usr/bin/skopeo');

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A webhook receiver on a free port of 127.0.0.1: records every delivery and answers 200. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const port = await freePort();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        deliveries.push({
          path: req.url ?? '',
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        });
        res.end('ok');
      } catch {
        res.statusCode = 400;
        res.end('not json');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The project's Webhooks tab in Chromium against the native stack: the admin adds a policy pointing at
 * a receiver the test runs (core's 400 for a metadata address shown in the dialog first), pushes an
 * image with skopeo, and once the receiver has Harbor's PUSH_ARTIFACT payload, the reloaded tab shows
 * the last trigger time, a Success execution and its task's log.
 */
describe.skipIf(missing.length > 0 && !process.env.CI)('webhooks in the portal, in a browser', () => {
  const projectName = `hooks-${Date.now().toString(36)}`;
  let stack: NativeStack | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let base = '';

  const adminAuth = () => `Basic ${Buffer.from(`admin:${stack!.adminPassword}`).toString('base64')}`;

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startNativeStack();
    base = stack.url;
    ({ browser, page } = await launchPage({ width: 1400, height: 900 }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.stop();
    await stack?.stop();
  }, 120_000);

  it(
    'adds a webhook in the Webhooks tab, with core’s 400 for a metadata address shown in the dialog',
    async () => {
      await page.goto(`${base}/harbor/projects`);
      await signIn(page, 'admin', stack!.adminPassword);

      await createProject(page, projectName);

      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.waitForURL(/\/harbor\/projects\/\d+\/webhook$/);
      await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
      await page.getByText('No webhooks').waitFor();

      await page.getByRole('button', { name: 'New Webhook' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add Webhook' });
      // Harbor's defaults: every event type core supports is checked.
      const eventTypes = dialog.getByRole('group', { name: 'Event Type' }).getByRole('checkbox');
      await expect(eventTypes.count()).resolves.toBe(10);
      for (const box of await eventTypes.all()) await expect(box.isChecked()).resolves.toBe(true);
      await dialog.getByLabel('Name').fill('ci');
      await dialog.getByLabel('Endpoint URL').fill('http://169.254.169.254/latest');
      await dialog.getByLabel('Auth Header').fill('Bearer portal-e2e');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.getByRole('alert').filter({ hasText: 'The request is invalid.' }).waitFor();

      await dialog.getByLabel('Endpoint URL').fill(`${receiver!.url}/hook`);
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByRole('row').filter({ hasText: `${receiver!.url}/hook` });
      await row.getByText('Enabled').waitFor();
      await row.getByText('Artifact pushed').waitFor();

      const response = await fetch(`${base}/api/v2.0/projects/${projectName}/webhook/policies`, {
        headers: { authorization: adminAuth() },
      });
      expect(response.status).toBe(200);
      const policies = (await response.json()) as Record<string, unknown>[];
      expect(policies).toEqual([
        expect.objectContaining({
          name: 'ci',
          enabled: true,
          // Every supported type is ticked by default, as in Harbor's portal.
          event_types: [
            'PUSH_ARTIFACT',
            'PULL_ARTIFACT',
            'DELETE_ARTIFACT',
            'QUOTA_EXCEED',
            'QUOTA_WARNING',
            'SCANNING_FAILED',
            'SCANNING_STOPPED',
            'SCANNING_COMPLETED',
            'REPLICATION',
            'TAG_RETENTION',
          ],
          targets: [
            {
              type: 'http',
              address: `${receiver!.url}/hook`,
              skip_cert_verify: false,
              payload_format: 'Default',
            },
          ],
        }),
      ]);
    },
    STEP,
  );

  it(
    'shows the last trigger and a Success execution with its log once a push was delivered',
    async () => {
      const layout = mkdtempSync(join(tmpdir(), 'hts-webhook-oci-'));
      try {
        writeOciLayout(layout, 'v1', `hello from ${projectName}\n`);
        const copy = runSync('skopeo', [
          'copy',
          '--dest-tls-verify=false',
          '--dest-creds',
          `admin:${stack!.adminPassword}`,
          `oci:${layout}:v1`,
          `docker://${stack!.registryHost}/${projectName}/app:v1`,
        ]);
        expect(copy.code, copy.stderr).toBe(0);
      } finally {
        rmSync(layout, { recursive: true, force: true });
      }

      // Jobservice delivers after the push has answered.
      const deadline = Date.now() + 60_000;
      const pushed = () => receiver!.deliveries.find((d) => d.body.type === 'PUSH_ARTIFACT');
      while (!pushed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      const delivery = pushed();
      expect(delivery, JSON.stringify(receiver!.deliveries.map((d) => d.body.type))).toBeDefined();
      expect(delivery!.path).toBe('/hook');
      expect(delivery!.headers.authorization).toBe('Bearer portal-e2e');
      expect(delivery!.body).toMatchObject({
        type: 'PUSH_ARTIFACT',
        operator: 'admin',
        event_data: { repository: expect.objectContaining({ name: 'app', namespace: projectName }) },
      });

      await page.reload();
      const row = page
        .getByRole('row')
        .filter({ hasText: `${receiver!.url}/hook` })
        .first();
      await row.waitFor();
      // Last Triggered: a date and time, no longer '—'.
      await row.getByRole('cell', { name: /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}/ }).waitFor();

      await row.getByRole('button', { name: 'Executions of ci' }).click();
      const executions = page.getByRole('region', { name: 'Executions of ci' });
      const execution = executions.getByRole('row').filter({ hasText: 'Artifact pushed' }).first();
      // The receiver has answered; the execution turns Success when jobservice records it (polled).
      await execution.getByText('Success', { exact: true }).waitFor({ timeout: 30_000 });
      const tasks = execution.getByRole('button', { name: /^Tasks of execution \d+$/ });
      const executionId = ((await tasks.getAttribute('aria-label')) ?? '').replace(/\D+/g, '');
      await tasks.click();
      const log = page.getByRole('region', { name: `Tasks of execution ${executionId}` }).getByRole('link', {
        name: /^Log of task \d+$/,
      });
      await log.waitFor();
      await expect(log.getAttribute('target')).resolves.toBe('_blank');
      const [logPage] = await Promise.all([page.context().waitForEvent('page'), log.click()]);
      await logPage.waitForLoadState();
      await expect(logPage.locator('body').innerText()).resolves.toContain(`${receiver!.url}/hook`);
      await logPage.close();
    },
    STEP,
  );
});
