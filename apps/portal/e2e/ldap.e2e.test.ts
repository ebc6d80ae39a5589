// @vitest-environment node
import { startNativeStack, startSlapd, type NativeStack, type SlapdProcess } from '@harbor-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, launchPage, missingTools, signIn } from './browser.js';

const ALICE = { username: 'alice', password: 'alice-directory-pw' };
const STEP = 60_000;

// Skipped only on a developer machine without chromium/slapd; under CI a missing tool must fail.
const missing = missingTools('LDAP portal e2e', '/usr/sbin/slapd');

/**
 * LDAP sign-in set up the way an administrator does it in the portal, in Chromium against the native stack
 * and a real slapd: configure and test the directory, make a directory group a project member, and see a
 * directory user of that group sign in and find the project.
 */
describe.skipIf(missing.length > 0 && !process.env.CI)('LDAP in the portal, in a browser', () => {
  const projectName = `ldap-${Date.now().toString(36)}`;
  let slapd: SlapdProcess | undefined;
  let stack: NativeStack | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let base = '';
  let projectPath = '';

  beforeAll(async () => {
    [slapd, stack] = await Promise.all([
      startSlapd(
        [
          { uid: 'alice', cn: 'Alice Liddell', mail: 'alice@example.com', password: ALICE.password },
          { uid: 'bob', cn: 'Bob Builder', mail: 'bob@example.com', password: 'bob-directory-pw' },
        ],
        [
          { cn: 'developers', members: ['alice'] },
          { cn: 'qa', members: ['bob'] },
        ],
      ),
      startNativeStack(),
    ]);
    base = stack.url;
    ({ browser, page } = await launchPage());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await slapd?.stop();
  }, 120_000);

  it(
    'configures LDAP in Configuration › Authentication, tests the server and saves',
    async () => {
      const ldap = slapd!;
      await page.goto(`${base}/harbor/projects`);
      await signIn(page, 'admin', stack!.adminPassword);
      await page.getByText('Administration', { exact: true }).click();
      await page.getByRole('link', { name: 'Configuration' }).click();
      await page.getByRole('link', { name: 'Authentication' }).click();
      await page.waitForURL('**/harbor/configs/auth');

      await page.getByLabel('Auth Mode').selectOption({ label: 'LDAP' });
      await page.getByLabel('LDAP URL', { exact: true }).fill(ldap.url);
      await page.getByLabel('LDAP Search DN', { exact: true }).fill(ldap.admin.dn);
      await page.getByLabel('LDAP Search Password', { exact: true }).fill(ldap.admin.password);
      await page.getByLabel('LDAP Base DN', { exact: true }).fill(ldap.peopleDn);
      await page.getByLabel('LDAP Filter', { exact: true }).fill('(objectClass=inetOrgPerson)');
      await page.getByLabel('LDAP UID', { exact: true }).fill('uid');
      await page.getByLabel('LDAP Scope', { exact: true }).selectOption({ label: 'Subtree' });
      await page.getByLabel('LDAP Group Base DN', { exact: true }).fill(ldap.groupsDn);
      await page.getByLabel('LDAP Group Filter', { exact: true }).fill('objectClass=groupOfNames');
      await page.getByLabel('LDAP Group GID', { exact: true }).fill('cn');
      await page.getByLabel('LDAP Group Membership', { exact: true }).fill('memberOf');

      await page.getByRole('button', { name: 'Test LDAP Server' }).click();
      await page.getByText('Connection to the LDAP server succeeded.').waitFor();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Configuration saved.').waitFor();

      // What core keeps: the settings, but never the password back into the form.
      await page.reload();
      await expect(page.getByLabel('Auth Mode').inputValue()).resolves.toBe('ldap_auth');
      await expect(page.getByLabel('LDAP URL', { exact: true }).inputValue()).resolves.toBe(ldap.url);
      await expect(page.getByLabel('LDAP Search Password', { exact: true }).inputValue()).resolves.toBe('');
      // The saved password is what a test without one uses.
      await page.getByRole('button', { name: 'Test LDAP Server' }).click();
      await page.getByText('Connection to the LDAP server succeeded.').waitFor();
    },
    STEP,
  );

  it(
    'creates a project and adds the LDAP group developers as Developer with + Group',
    async () => {
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Projects' })
        .click();
      await createProject(page, projectName);
      projectPath = new URL(page.url()).pathname.replace(/\/repositories$/, '');

      await page.getByRole('link', { name: 'Members' }).click();
      await page.getByRole('button', { name: '+ Group' }).click();
      const dialog = page.getByRole('dialog', { name: 'New Group Member' });
      await dialog.getByLabel('LDAP Group DN').fill(slapd!.groupDn('developers'));
      await dialog.getByLabel('Role').selectOption({ label: 'Developer' });
      await dialog.getByRole('button', { name: 'Add' }).click();
      const row = page.getByRole('row').filter({ hasText: 'developers' });
      await row.getByRole('cell', { name: 'Group', exact: true }).waitFor();
      await expect(row.getByLabel('Role of developers').inputValue()).resolves.toBe('2');

      // The directory group is now one of the user groups administration lists.
      await page.goto(`${base}/harbor/groups`);
      const group = page.getByRole('row').filter({ hasText: 'developers' });
      await group.getByText(slapd!.groupDn('developers')).waitFor();
      await group.getByRole('cell', { name: 'LDAP', exact: true }).waitFor();
    },
    STEP,
  );

  it(
    'signs the directory user alice in, who sees the project through her group',
    async () => {
      await page.getByRole('button', { name: /admin/ }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL('**/account/sign-in');
      await signIn(page, ALICE.username, ALICE.password);
      await page.getByRole('link', { name: projectName }).waitFor();
      await expect(page.getByText('Administration').count()).resolves.toBe(0);

      await page.getByRole('link', { name: projectName }).click();
      await page.waitForURL(`**${projectPath}/repositories`);
      await page.getByText('My role: Developer').waitFor();
    },
    STEP,
  );
});
