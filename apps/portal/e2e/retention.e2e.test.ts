// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../../deploy/test/support/harness.js';
import { createProject, launchPage, missingTools, signIn } from './browser.js';
import { writeOciLayout } from './oci-image.js';

const STEP = 180_000;
const TAGS = ['v1', 'v2', 'v3', 'v4', 'v5'];

// Skipped only on a developer machine without chromium or skopeo; under CI a missing tool must fail.
const missing = missingTools('Tag retention portal e2e', '/usr/bin/skopeo');

interface Artifact {
  digest: string;
  push_time: string;
  tags?: { name: string }[] | null;
}
interface Execution {
  id: number;
  status: string;
  dry_run: boolean;
}
interface Task {
  id: number;
  repository: string;
  status: string;
  total: number;
  retained: number;
}

/**
 * Tag Retention in the project's Policy tab, in Chromium against the native stack: five images pushed
 * into one repository, the rule "retain the most recently pushed 3 artifacts" for every repository and
 * tag, a DRY RUN that reports 3 retained of 5 and deletes nothing, then RUN NOW, after which core holds
 * exactly the three newest.
 */
describe.skipIf(missing.length > 0 && !process.env.CI)('tag retention in the portal, in a browser', () => {
  const projectName = `keep-${Date.now().toString(36)}`;
  let stack: NativeStack | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let base = '';
  let policyId = 0;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${base}/api/v2.0${path}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${stack!.adminPassword}`).toString('base64')}`,
      },
    });
    const text = await response.text();
    expect(response.status, `GET ${path}: ${text}`).toBe(200);
    return (response.headers.get('content-type') ?? '').includes('json')
      ? (JSON.parse(text) as T)
      : (text as T);
  };
  const artifacts = () =>
    api<Artifact[]>(`/projects/${projectName}/repositories/app/artifacts?page_size=50&with_tag=true`);
  const tagsOf = (list: Artifact[]) => list.flatMap((a) => (a.tags ?? []).map((tag) => tag.name)).sort();
  /** Everything core says about the runs, for a failure message. */
  const runReport = async () => {
    const executions = await api<Execution[]>(`/retentions/${policyId}/executions`);
    const report: unknown[] = [];
    for (const execution of executions) {
      const tasks = await api<Task[]>(`/retentions/${policyId}/executions/${execution.id}/tasks`);
      const logs: string[] = [];
      for (const task of tasks)
        logs.push(await api<string>(`/retentions/${policyId}/executions/${execution.id}/tasks/${task.id}`));
      report.push({ execution, tasks, logs });
    }
    return JSON.stringify(report, null, 2);
  };
  /** Waits until core's newest run of the kind is finished; returns it. */
  const finishedRun = async (dryRun: boolean): Promise<Execution> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const executions = await api<Execution[]>(`/retentions/${policyId}/executions`);
      const run = executions.find((e) => e.dry_run === dryRun);
      if (run && !['Pending', 'Running', 'Scheduled'].includes(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run did not finish: ${await runReport()}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  const runRow = (id: number) =>
    page
      .getByRole('table', { name: 'Retention runs' })
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: String(id), exact: true }) });

  beforeAll(async () => {
    stack = await startNativeStack();
    base = stack.url;
    ({ browser, page } = await launchPage({ width: 1400, height: 900 }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 120_000);

  it(
    'adds "retain the most recently pushed 3 artifacts" in Policy › Tag Retention for 5 pushed images',
    async () => {
      await page.goto(`${base}/harbor/projects`);
      await signIn(page, 'admin', stack!.adminPassword);

      await createProject(page, projectName);

      // Five different images, one after the other, so their push times are in tag order.
      for (const tag of TAGS) {
        const layout = mkdtempSync(join(tmpdir(), 'hts-retention-oci-'));
        try {
          writeOciLayout(layout, tag, `hello ${tag} from ${projectName}\n`);
          const copy = runSync('skopeo', [
            'copy',
            '--dest-tls-verify=false',
            '--dest-creds',
            `admin:${stack!.adminPassword}`,
            `oci:${layout}:${tag}`,
            `docker://${stack!.registryHost}/${projectName}/app:${tag}`,
          ]);
          expect(copy.code, copy.stderr).toBe(0);
        } finally {
          rmSync(layout, { recursive: true, force: true });
        }
      }
      expect(tagsOf(await artifacts())).toEqual(TAGS);

      // The Policy tab opens on Tag Retention, as Harbor's does.
      await page.getByRole('link', { name: 'Policy' }).click();
      await page.waitForURL(/\/harbor\/projects\/\d+\/tag-strategy\/tag-retention$/);
      await page.getByRole('heading', { name: 'Tag Retention' }).waitFor();
      await page.getByText('No retention rules').waitFor();

      await page.getByRole('button', { name: 'Add Rule' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add Tag Retention Rule' });
      await dialog
        .getByLabel('By artifact count or number of days')
        .selectOption({ label: 'retain the most recently pushed # artifacts' });
      await dialog.getByLabel('Count', { exact: true }).fill('3');
      // Harbor's defaults: every repository, every tag, untagged artifacts included.
      await expect(dialog.getByLabel('Repository pattern').inputValue()).resolves.toBe('**');
      await expect(dialog.getByLabel('Tag pattern').inputValue()).resolves.toBe('**');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });

      await page
        .getByText(
          'For the repositories matching **, retain the most recently pushed 3 artifacts with tags matching ** including untagged artifacts',
        )
        .waitFor();
      const project = await api<{ project_id: number; metadata: { retention_id?: string } }>(
        `/projects/${projectName}`,
      );
      policyId = Number(project.metadata.retention_id);
      expect(policyId).toBeGreaterThan(0);
      await expect(api(`/retentions/${policyId}`)).resolves.toMatchObject({
        algorithm: 'or',
        rules: [
          {
            disabled: false,
            action: 'retain',
            template: 'latestPushedK',
            params: { latestPushedK: 3 },
            tag_selectors: [
              { kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' },
            ],
            scope_selectors: {
              repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }],
            },
          },
        ],
        trigger: { kind: 'Schedule', settings: { cron: '' } },
        scope: { level: 'project', ref: project.project_id },
      });
    },
    STEP,
  );

  it(
    'DRY RUN reports 3 retained of 5 in the repository and deletes nothing',
    async () => {
      await page.getByRole('button', { name: 'DRY RUN' }).click();
      const run = await finishedRun(true);
      expect(run.status, await runReport()).toBe('Success');

      // The list re-reads itself while the run is unfinished: no reload needed.
      const row = runRow(run.id);
      await row.getByText('Success', { exact: true }).waitFor({ timeout: 30_000 });
      await row.getByText('Yes', { exact: true }).waitFor();
      await row.getByRole('button', { name: `Repositories of run ${run.id}` }).click();
      const tasks = page.getByRole('table', { name: `Repositories of run ${run.id}` });
      // One task per repository, named without its project (as core's tasks say).
      const repository = tasks
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: 'app', exact: true }) });
      await repository.getByText('3/5', { exact: true }).waitFor();
      await repository.getByText('Success', { exact: true }).waitFor();

      expect(tagsOf(await artifacts()), await runReport()).toEqual(TAGS);
    },
    STEP,
  );

  it(
    'RUN NOW (confirmed) keeps exactly the 3 most recently pushed artifacts',
    async () => {
      const before = await artifacts();
      const newest = [...before]
        .sort((a, b) => Date.parse(b.push_time) - Date.parse(a.push_time))
        .slice(0, 3)
        .map((a) => a.digest)
        .sort();

      await page.getByRole('button', { name: 'RUN NOW' }).click();
      const confirm = page.getByRole('dialog', { name: 'Retention Run' });
      await confirm.getByRole('button', { name: 'Run', exact: true }).click();
      await confirm.waitFor({ state: 'hidden' });
      const run = await finishedRun(false);
      expect(run.status, await runReport()).toBe('Success');
      await runRow(run.id).getByText('Success', { exact: true }).waitFor({ timeout: 30_000 });
      await runRow(run.id).getByText('No', { exact: true }).waitFor();

      const after = await artifacts();
      expect(after.map((a) => a.digest).sort(), await runReport()).toEqual(newest);
      expect(tagsOf(after)).toEqual(['v3', 'v4', 'v5']);
    },
    STEP,
  );
});
