// @vitest-environment node
import { startNativeStack, type NativeStack } from '@harbor-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, launchPage, missingTools, signIn } from './browser.js';

const STEP = 60_000;

// Skipped only on a developer machine without chromium; under CI a missing browser must fail.
const missing = missingTools('Immutable tags portal e2e').length > 0;

interface Rule {
  id: number;
  disabled: boolean;
  tag_selectors: { kind: string; decoration: string; pattern: string }[];
  scope_selectors: { repository: { kind: string; decoration: string; pattern: string }[] };
}

/**
 * Tag Immutability in the project's Policy tab, in Chromium against the native stack: the admin adds a
 * rule for tags `v*` in every repository, sees it listed (and after a reload), and core holds it as
 * Harbor's ImmutableRule; disabling it in the list is what core then says too.
 */
describe.skipIf(missing && !process.env.CI)('immutable tag rules in the portal, in a browser', () => {
  const projectName = `immu-${Date.now().toString(36)}`;
  let stack: NativeStack | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let base = '';

  const rulesViaApi = async (): Promise<Rule[]> => {
    const response = await fetch(`${base}/api/v2.0/projects/${projectName}/immutabletagrules`, {
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${stack!.adminPassword}`).toString('base64')}`,
      },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Rule[];
  };

  beforeAll(async () => {
    stack = await startNativeStack();
    base = stack.url;
    ({ browser, page } = await launchPage());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 120_000);

  it(
    'adds a rule for tags v* in all repositories in the Policy tab and lists it',
    async () => {
      await page.goto(`${base}/harbor/projects`);
      await signIn(page, 'admin', stack!.adminPassword);

      await createProject(page, projectName);

      await page.getByRole('link', { name: 'Policy' }).click();
      // The Policy tab opens on Tag Retention, as Harbor's does.
      await page.waitForURL(/\/harbor\/projects\/\d+\/tag-strategy\/tag-retention$/);
      await page
        .getByRole('navigation', { name: 'Policy sections' })
        .getByRole('link', { name: 'Tag Immutability' })
        .click();
      await page.waitForURL(/\/harbor\/projects\/\d+\/tag-strategy\/immutable-tag$/);
      await page.getByRole('heading', { name: 'Tag Immutability' }).waitFor();
      await page.getByText('No immutability rules').waitFor();

      await page.getByRole('button', { name: 'Add Rule' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add Tag Immutability Rule' });
      // Harbor's defaults: every repository, every tag.
      await expect(dialog.getByLabel('Repository pattern').inputValue()).resolves.toBe('**');
      await expect(dialog.getByLabel('Tag pattern').inputValue()).resolves.toBe('**');
      await dialog.getByLabel('Tag pattern').fill('v*');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });

      const row = page.getByRole('row').filter({ hasText: 'matching v*' });
      await row.getByText('matching **').waitFor();
      await row.getByText('Enabled').waitFor();
      await page.getByLabel('1 of at most 15 rules').waitFor();
      await page.reload();
      await page.getByRole('row').filter({ hasText: 'matching v*' }).waitFor();
    },
    STEP,
  );

  it(
    'is the rule core holds, and disabling it in the list disables it there',
    async () => {
      const [rule, ...others] = await rulesViaApi();
      expect(others).toEqual([]);
      expect(rule).toMatchObject({
        disabled: false,
        action: 'immutable',
        template: 'immutable_template',
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*' }],
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
      });

      const row = page.getByRole('row').filter({ hasText: 'matching v*' });
      await row.getByRole('button', { name: 'Disable' }).click();
      await row.getByText('Disabled', { exact: true }).waitFor();
      await expect(rulesViaApi()).resolves.toMatchObject([{ id: rule!.id, disabled: true }]);
    },
    STEP,
  );
});
