// @vitest-environment node
import { existsSync, mkdirSync } from 'node:fs';
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
import { writeOciIndexLayout, writeOciLayout } from './oci-image.js';

/**
 * The portal in Chromium against the real stack (./install.sh --native: nginx, core, registry, postgres,
 * redis). Set PORTAL_E2E_URL to reuse a running instance instead of installing one.
 * Screenshots go to PORTAL_E2E_SCREENSHOTS (default: a temp folder, printed at the end).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN = { username: 'admin', password: 'Harbor12345' };
const STEP = 30_000;

// Machines without a browser or skopeo skip (and say so) rather than fail: `apt-get install -y chromium skopeo`.
const missing = [CHROMIUM, '/usr/bin/skopeo'].filter((path) => !existsSync(path));
if (missing.length) console.warn(`portal e2e skipped: missing ${missing.join(', ')}`);

// Skipped only on a developer machine without chromium/skopeo; under CI a missing tool must fail.
describe.skipIf(missing.length > 0 && !process.env.CI)('portal in a browser against the native stack', () => {
  const suffix = Date.now().toString(36);
  const projectName = `e2e-${suffix}`;
  const memberName = `dev-${suffix}`;
  const copyProject = `e2e-copy-${suffix}`;
  const signUpName = `self-${suffix}`;
  const shots = process.env.PORTAL_E2E_SCREENSHOTS ?? tempDir('hts-portal-shots-');
  let dir = '';
  let conf = '';
  let base = process.env.PORTAL_E2E_URL ?? '';
  let browser: Browser;
  let page: Page;
  let projectPath = '';

  const host = () => new URL(base).host;
  /** `skopeo copy` of an OCI layout into this registry as admin (`--all` for an index and its children). */
  const push = (source: string, target: string, flags: string[] = []) => {
    const copy = runSync('skopeo', [
      'copy',
      ...flags,
      '--dest-creds',
      `${ADMIN.username}:${ADMIN.password}`,
      '--dest-tls-verify=false',
      source,
      `docker://${host()}/${target}`,
    ]);
    expect(copy.stderr + copy.stdout).not.toMatch(/error/i);
    expect(copy.code).toBe(0);
  };
  const shot = (name: string, fullPage = false) =>
    page.screenshot({ path: join(shots, `${name}.png`), fullPage });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    if (!base) {
      dir = tempDir('hts-portal-e2e-');
      const port = await freePort();
      conf = writeHarborYml({ dir, httpPort: port });
      const started = Date.now();
      const result = await run(INSTALL, ['--native', '--conf', conf]);
      console.log(
        `install.sh --native: exit ${result.code} after ${((Date.now() - started) / 1000).toFixed(1)}s`,
      );
      if (result.code !== 0) throw new Error(`install failed:\n${result.stdout}\n${result.stderr}`);
      base = `http://127.0.0.1:${port}`;
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (conf) runSync(HARBORCTL, ['--conf', conf, 'stop']);
    if (dir) removeDir(dir);
    console.log(`screenshots: ${shots}`);
  });

  it(
    'sends an anonymous visitor to sign in, and back to the deep link afterwards',
    async () => {
      await page.goto(`${base}/harbor/projects?sort=-creation_time`);
      await page.getByRole('heading', { name: 'Sign in to harbor-ts' }).waitFor();
      expect(new URL(page.url()).searchParams.get('redirect_url')).toBe(
        '/harbor/projects?sort=-creation_time',
      );

      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Projects' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/harbor/projects');
    },
    STEP,
  );

  it(
    'validates and creates a private project, whose empty state tells how to push',
    async () => {
      await page.getByRole('button', { name: 'New Project' }).click();
      const dialog = page.getByRole('dialog', { name: 'New Project' });
      await dialog.getByLabel('Project Name').fill('Not Valid');
      await dialog.getByText(/Use lowercase letters and digits/).waitFor();
      await dialog.getByLabel('Project Name').fill(projectName);
      await dialog.getByRole('button', { name: 'Create' }).click();

      await page.waitForURL(/\/harbor\/projects\/\d+\/repositories$/);
      projectPath = new URL(page.url()).pathname.replace(/\/repositories$/, '');
      await page
        .getByRole('heading', { name: new RegExp(projectName) })
        .getByText('Private')
        .waitFor();
      await page.getByText(`docker push ${host()}/${projectName}/REPOSITORY[:TAG]`).waitFor();
      await page.getByText(`docker login ${host()}`).waitFor();
      await shot('empty-project');
    },
    STEP,
  );

  it(
    'shows a pushed image: repository, tag, size, and a deep link that survives a reload',
    async () => {
      const layout = tempDir('hts-portal-oci-');
      try {
        writeOciLayout(layout, 'v1', `hello from ${projectName}\n`);
        push(`oci:${layout}:v1`, `${projectName}/hello:v1`);
      } finally {
        removeDir(layout);
      }

      await page.reload();
      await page.getByRole('link', { name: `${projectName}/hello` }).click();
      await page.waitForURL(`**${projectPath}/repositories/hello`);
      const row = page.getByRole('row').filter({ hasText: 'v1' });
      await row.waitFor();
      await expect(row.getByText(/^sha256:[0-9a-f]{12}$/).count()).resolves.toBe(1);
      await expect(row.getByText(/^\d+(\.\d+)? (B|KiB)$/).count()).resolves.toBe(1);
      await row.getByRole('button', { name: 'Copy pull command for hello:v1' }).waitFor();

      await page.reload();
      await page.getByRole('row').filter({ hasText: 'v1' }).waitFor();
      await shot('artifacts');
    },
    STEP,
  );

  it(
    'creates a user in Administration > Users',
    async () => {
      await page.getByText('Administration').click();
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('button', { name: 'New User' }).click();
      const dialog = page.getByRole('dialog', { name: 'New User' });
      await dialog.getByLabel('Username').fill(memberName);
      await dialog.getByLabel('Email').fill(`${memberName}@example.com`);
      await dialog.getByLabel('Full name').fill('E2E Developer');
      await dialog.getByLabel('Password', { exact: true }).fill('short');
      await dialog.getByText(/8–128 characters/).waitFor();
      await dialog.getByLabel('Password', { exact: true }).fill('Passw0rdE2e');
      await dialog.getByLabel('Confirm password').fill('Passw0rdE2e');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('row').filter({ hasText: memberName }).waitFor();
      await shot('admin-users');
    },
    STEP,
  );

  it(
    'adds the user as a member and changes their role',
    async () => {
      await page.goto(`${base}${projectPath}/members`);
      await page.getByRole('button', { name: '+ User' }).click();
      const dialog = page.getByRole('dialog', { name: 'New Member' });
      await dialog.getByLabel('Username').fill(memberName);
      await dialog.getByLabel('Role').selectOption({ label: 'Developer' });
      await dialog.getByRole('button', { name: 'Add' }).click();
      const row = page.getByRole('row').filter({ hasText: memberName });
      await row.waitFor();
      await row.getByLabel(`Role of ${memberName}`).selectOption({ label: 'Maintainer' });
      await page.reload();
      await expect(
        page
          .getByRole('row')
          .filter({ hasText: memberName })
          .getByLabel(`Role of ${memberName}`)
          .inputValue(),
      ).resolves.toBe('4');
      await shot('members');
    },
    STEP,
  );

  it(
    'creates a robot account and shows its secret once',
    async () => {
      await page.getByRole('link', { name: 'Robot Accounts' }).last().click();
      await page.waitForURL(`**${projectPath}/robots`);
      await page.getByRole('button', { name: 'New Robot Account' }).click();
      const dialog = page.getByRole('dialog', { name: 'New Robot Account' });
      await dialog.getByLabel('Name', { exact: true }).fill('ci');
      await dialog.getByRole('button', { name: 'Add' }).click();

      const secretDialog = page.getByRole('dialog', { name: 'Robot account created' });
      await expect(secretDialog.getByTestId('robot-name').textContent()).resolves.toBe(
        `robot$${projectName}+ci`,
      );
      const secret = (await secretDialog.getByTestId('robot-secret').textContent()) ?? '';
      expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
      await shot('robot-secret');
      await secretDialog.getByRole('button', { name: 'Close' }).click();
      await page
        .getByRole('row')
        .filter({ hasText: `robot$${projectName}+ci` })
        .waitFor();
      await expect(page.getByText(secret).count()).resolves.toBe(0);
    },
    STEP,
  );

  it(
    'lists the project with its repository count',
    async () => {
      await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: projectName }) });
      await row.waitFor();
      // Name, Access Level, Role, Type, Repositories: Harbor's columns.
      await expect(row.getByRole('cell').nth(4).textContent()).resolves.toBe('1');
      await shot('projects');
      // Storage is on the project's Summary (the list sends no request per row, as list-requests.e2e checks).
      await page.goto(`${base}${projectPath}/summary`);
      await page.getByText(/ of /).first().waitFor();
    },
    STEP,
  );

  it(
    'makes the project public from its configuration tab',
    async () => {
      await page.goto(`${base}${projectPath}/configuration`);
      await page.getByRole('switch', { name: 'Public' }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Configuration saved.').waitFor();
      await page
        .getByRole('heading', { name: new RegExp(projectName) })
        .getByText('Public')
        .waitFor();
    },
    STEP,
  );

  it(
    "searches the project's repositories and shows its audit log",
    async () => {
      await page.getByRole('link', { name: 'Repositories' }).click();
      await page.getByLabel('Search repositories').fill('nothing-like-this');
      await page.getByText('No repository name contains “nothing-like-this”.').waitFor();
      await page.getByLabel('Search repositories').fill('hel');
      await page.getByRole('link', { name: `${projectName}/hello` }).waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('hel');

      await page.getByRole('link', { name: 'Logs', exact: true }).last().click();
      // The project's creation (pushes are audited as well, as artifact creates).
      await page
        .getByRole('row')
        .filter({ hasText: projectName })
        .filter({ has: page.getByRole('cell', { name: 'project', exact: true }) })
        .filter({ hasText: 'create' })
        .waitFor();
    },
    STEP,
  );

  it(
    'creates a project label',
    async () => {
      await page.goto(`${base}${projectPath}/labels`);
      await page.getByRole('button', { name: 'New Label' }).click();
      const dialog = page.getByRole('dialog', { name: 'New Label' });
      await dialog.getByLabel('Label', { exact: true }).fill('release');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('row').filter({ hasText: 'release' }).waitFor();
    },
    STEP,
  );

  it(
    'adds a tag and a label to the artifact in the list',
    async () => {
      await page.goto(`${base}${projectPath}/repositories/hello`);
      const row = page.getByRole('row').filter({ hasText: 'v1' });
      await row.getByRole('button', { name: 'Add Tag' }).click();
      const tagDialog = page.getByRole('dialog', { name: 'Add Tag' });
      await tagDialog.getByLabel('Tag name').fill('-bad');
      await tagDialog.locator('input[aria-invalid="true"]').waitFor();
      await tagDialog.getByLabel('Tag name').fill('stable');
      await tagDialog.getByRole('button', { name: 'Add Tag' }).click();
      await row.getByRole('button', { name: 'Remove tag stable' }).waitFor();

      await row.getByRole('button', { name: 'Add Label' }).click();
      const labelDialog = page.getByRole('dialog', { name: 'Add Label' });
      await labelDialog.getByLabel('Label', { exact: true }).selectOption({ label: 'release' });
      await labelDialog.getByRole('button', { name: 'Add Label' }).click();
      await row.getByRole('button', { name: 'Remove label release' }).waitFor();
      await row.getByRole('button', { name: 'Copy pull command for hello@sha256' }).waitFor();

      await page.getByLabel('Filter by tag').fill('no-such-tag');
      await page.getByText('No artifact has a tag containing “no-such-tag”.').waitFor();
      await page.getByLabel('Filter by tag').fill('stab');
      await row.waitFor();
      await page.getByLabel('Filter by tag').fill('');
      await page.waitForURL((url) => !url.searchParams.has('tag'));
      await row.waitFor();
      await shot('artifacts');
    },
    STEP,
  );

  it(
    'opens the artifact detail page with its build history, also after a reload',
    async () => {
      const row = page.getByRole('row').filter({ hasText: 'v1' });
      await row.getByRole('link', { name: /^sha256:[0-9a-f]{12}$/ }).click();
      await page.waitForURL(/\/repositories\/hello\/artifacts\/sha256:[0-9a-f]{64}$/);
      const history = page.getByRole('table', { name: 'Build History' });
      await history.getByText('COPY hello.txt / # buildkit').waitFor();
      await page.reload();
      await page.getByRole('table', { name: 'Build History' }).getByText('CMD ["/hello.txt"]').waitFor();
      await page.getByText(`docker pull ${host()}/${projectName}/hello:stable`).waitFor();
      await page.getByText('linux/amd64').waitFor();
      await shot('artifact-detail', true);
    },
    STEP,
  );

  it(
    'copies the artifact to another project, where it can be deleted',
    async () => {
      await page.goto(`${base}/harbor/projects`);
      await page.getByRole('button', { name: 'New Project' }).click();
      const create = page.getByRole('dialog', { name: 'New Project' });
      await create.getByLabel('Project Name').fill(copyProject);
      await create.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/\/harbor\/projects\/\d+\/repositories$/);
      const copyPath = new URL(page.url()).pathname;

      await page.goto(`${base}${projectPath}/repositories/hello`);
      await page.getByRole('row').filter({ hasText: 'v1' }).getByRole('button', { name: 'Copy…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Copy Artifact' });
      await dialog.getByLabel('Target project').fill(copyProject);
      await dialog.getByLabel('Target repository').fill('hello-copy');
      await dialog.getByLabel('Tag (optional)').fill('copied');
      await dialog.getByRole('button', { name: 'Copy…' }).click();
      await page.getByText(`Copied to ${copyProject}/hello-copy.`).waitFor();

      await page.goto(`${base}${copyPath}/hello-copy`);
      const copy = page.getByRole('row').filter({ hasText: 'copied' });
      await copy.waitFor();
      await copy.getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete Artifact' });
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await page.getByText('This repository has no artifacts.').waitFor();
      // The original is untouched.
      await page.goto(`${base}${projectPath}/repositories/hello`);
      await page.getByRole('row').filter({ hasText: 'v1' }).waitFor();
    },
    STEP,
  );

  it('deletes an image, runs "GC Now" on Clean Up, and sees what was freed and the log', async () => {
    const layoutDir = tempDir('hts-portal-gc-');
    writeOciLayout(layoutDir, 'gc', `collect me ${suffix}\n`);
    push(`oci:${layoutDir}:gc`, `${projectName}/gc-me:v1`);
    await page.goto(`${base}${projectPath}/repositories/gc-me`);
    await page.getByRole('row').filter({ hasText: 'v1' }).getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete Artifact' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('This repository has no artifacts.').waitFor();

    await page.goto(`${base}/harbor/clearing-job/gc`);
    await page.getByRole('link', { name: 'Garbage Collection' }).waitFor();
    // What was just deleted is inside the default 2-hour window; 0 collects it now.
    await page.getByLabel('Time window (hours)').fill('0');
    await page.getByRole('button', { name: 'GC Now' }).click();
    await page.getByText('Garbage collection started; its status shows in the history below.').waitFor();
    const run = page.getByRole('row').filter({ hasText: 'Success' }).first();
    await run.waitFor({ timeout: 60_000 });
    const details = await run.getByText(/manifest\(s\) and \d+ blob\(s\) deleted/).textContent();
    expect(details).toMatch(/^[1-9]\d* manifest\(s\) and [1-9]\d* blob\(s\) deleted, .* freed$/);
    const href = await run.getByRole('link', { name: /^Log/ }).getAttribute('href');
    const log = await page.request.get(new URL(href!, base).toString());
    expect(log.status()).toBe(200);
    expect(await log.text()).toMatch(/\[\d+\/\d+\] deleted \d+ blobs/);
    await shot('cleanup-gc', true);
    removeDir(layoutDir);
  }, 90_000);

  it(
    'shows on the job service dashboard the queues and the worker pool that ran the GC',
    async () => {
      await page.goto(`${base}/harbor/job-service-dashboard`);
      await page.getByRole('heading', { name: 'Job Service Dashboard' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'GARBAGE_COLLECTION' }).first().waitFor();
      await page.getByRole('row').filter({ hasText: 'PURGE_AUDIT_LOG' }).first().waitFor();
      await page.getByRole('heading', { name: 'Worker pools' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'Last heartbeat' }).waitFor();
      await shot('job-service-dashboard');
    },
    STEP,
  );

  it(
    'shows a multi-arch index: child platforms in the list, references on the detail page',
    async () => {
      const layout = tempDir('hts-portal-oci-index-');
      try {
        writeOciIndexLayout(layout, 'v1', ['amd64', 'arm64']);
        push(`oci:${layout}:v1`, `${copyProject}/multi:v1`, ['--all']);
      } finally {
        removeDir(layout);
      }

      await page.goto(`${base}/harbor/projects?name=${copyProject}`);
      await page.getByRole('link', { name: copyProject, exact: true }).click();
      await page.getByRole('link', { name: `${copyProject}/multi` }).click();
      await page.waitForURL(/\/repositories\/multi$/);
      const row = page.getByRole('row').filter({ hasText: 'v1' });
      await row.getByText(/linux\/amd64, linux\/arm64|linux\/arm64, linux\/amd64/).waitFor();
      await row.getByRole('link', { name: /^sha256:[0-9a-f]{12}$/ }).click();
      await page.waitForURL(/\/repositories\/multi\/artifacts\/sha256:[0-9a-f]{64}$/);
      const references = page.getByRole('table', { name: 'References' });
      await references.getByRole('cell', { name: 'linux/amd64' }).waitFor();
      await references.getByRole('cell', { name: 'linux/arm64' }).waitFor();
      await expect(references.getByRole('link', { name: /^sha256:[0-9a-f]{12}$/ }).count()).resolves.toBe(2);
      await shot('artifact-index', true);

      // A reference opens the child image, with its own build history.
      await references.getByRole('row').filter({ hasText: 'linux/arm64' }).getByRole('link').click();
      await page
        .getByRole('table', { name: 'Build History' })
        .getByText('COPY hello.txt / # buildkit')
        .waitFor();
    },
    STEP,
  );

  it(
    'edits the repository description on its Info tab',
    async () => {
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'multi' }).click();
      await page.getByRole('link', { name: 'Info' }).click();
      await page.waitForURL(/\/repositories\/multi\?tab=info$/);
      await page.getByText('No description yet.').waitFor();
      await page.getByRole('button', { name: 'Edit description' }).click();
      await page.getByLabel('Description').fill('Multi-arch hello, amd64 and arm64.');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Multi-arch hello, amd64 and arm64.').waitFor();
      await page.reload();
      await page.getByText('Multi-arch hello, amd64 and arm64.').waitFor();
    },
    STEP,
  );

  it(
    'allows self-registration in the system configuration',
    async () => {
      await page.goto(`${base}/harbor/configs`);
      await page.getByLabel('Allow self-registration').check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Configuration saved.').waitFor();
    },
    STEP,
  );

  it(
    'finds the repository with the header search',
    async () => {
      await page.getByLabel('Search harbor-ts…').fill(projectName);
      await page
        .getByRole('region', { name: 'Search results' })
        .getByRole('link', { name: `${projectName}/hello` })
        .click();
      await page.waitForURL(`**${projectPath}/repositories/hello`);
      await page.getByRole('row').filter({ hasText: 'v1' }).waitFor();
    },
    STEP,
  );

  it(
    'switches to Chinese and shows the same page translated',
    async () => {
      await page.goto(`${base}${projectPath}/members`);
      await page.getByLabel('Language').selectOption('zh-CN');
      await page.getByRole('link', { name: '成员' }).waitFor();
      await page.getByRole('button', { name: '+ 用户' }).waitFor();
      await page.getByRole('columnheader', { name: '成员类型' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await page.reload();
      await page.getByRole('link', { name: '成员' }).waitFor();
      await shot('members-zh');
    },
    STEP,
  );

  it(
    'signs out',
    async () => {
      await page.getByRole('button', { name: /admin/ }).click();
      await page.getByRole('menuitem', { name: '注销' }).click();
      await page.waitForURL('**/account/sign-in');
      await page.goto(`${base}${projectPath}/members`);
      await page.waitForURL(/\/account\/sign-in\?redirect_url=/);
    },
    STEP,
  );

  it(
    'shows a member their projects but no administration, and the 403 page for its URLs',
    async () => {
      await page.getByLabel('用户名').fill(memberName);
      await page.getByLabel('密码').fill('Passw0rdE2e');
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`**${projectPath}/members`);
      await page.getByLabel('Language').or(page.getByLabel('语言')).selectOption('en-US');
      await page.getByRole('heading', { name: new RegExp(projectName) }).waitFor();
      await page.getByText('My role: Maintainer').waitFor();
      await expect(page.getByRole('button', { name: '+ User' }).count()).resolves.toBe(0);
      await expect(page.getByText('Administration').count()).resolves.toBe(0);
      await page.goto(`${base}/harbor/users`);
      await page.getByText('You do not have access to this page').waitFor();
    },
    STEP,
  );

  it(
    'lets the member change their password from the user menu',
    async () => {
      await page.goto(`${base}/harbor/projects`);
      await page.getByRole('button', { name: new RegExp(memberName) }).click();
      await page.getByRole('menuitem', { name: 'Change Password' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change Password' });
      await dialog.getByLabel('Current password').fill('Wr0ngPassword');
      await dialog.getByLabel('New password', { exact: true }).fill('short');
      await dialog.getByText(/8–128 characters/).waitFor();
      await dialog.getByLabel('New password', { exact: true }).fill('N3wPassw0rd');
      await dialog.getByLabel('Confirm new password').fill('N3wPassw0rd');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByText('The current password is not correct.').waitFor();
      await dialog.getByLabel('Current password').fill('Passw0rdE2e');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Your password has been changed.').waitFor();

      await page.getByRole('button', { name: new RegExp(memberName) }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL('**/account/sign-in');
      await page.getByLabel('Username').fill(memberName);
      await page.getByLabel('Password').fill('N3wPassw0rd');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Projects' }).waitFor();
    },
    STEP,
  );

  it(
    'signs up a new account when self-registration is on',
    async () => {
      await page.getByRole('button', { name: new RegExp(memberName) }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL('**/account/sign-in');
      await page.getByRole('link', { name: 'Sign up for an account' }).click();
      await page.getByRole('heading', { name: 'Create an account' }).waitFor();
      await page.getByLabel('Username').fill(signUpName);
      await page.getByLabel('Email').fill(`${signUpName}@example.com`);
      await page.getByLabel('Full name').fill('Self Registered');
      await page.getByLabel('Password', { exact: true }).fill('Passw0rdSelf');
      await page.getByLabel('Confirm password').fill('Passw0rdSelf');
      await shot('sign-up');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByText(`Account ${signUpName} created. Sign in with it.`).waitFor();
      await page.getByLabel('Password').fill('Passw0rdSelf');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Projects' }).waitFor();
      await expect(page.getByText('Administration').count()).resolves.toBe(0);
    },
    STEP,
  );
});
