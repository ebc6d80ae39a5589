import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The tools of `paths` (and Chromium) that are not installed; warns once, naming the suite. */
export function missingTools(suite: string, ...paths: string[]): string[] {
  const missing = [CHROMIUM, ...paths].filter((path) => !existsSync(path));
  if (missing.length) console.warn(`${suite} skipped: missing ${missing.join(', ')}`);
  return missing;
}

/** Headless Chromium with one page, in English, waiting up to 15 s for what a step looks for. */
export async function launchPage(
  viewport = { width: 1280, height: 900 },
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
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
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { browser, page };
}

/** Fills the sign-in form the page shows and waits for the Projects list. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor();
}

/** Creates a private project from the Projects list and waits for its repositories page. */
export async function createProject(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New Project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New Project' });
  await dialog.getByLabel('Project Name').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/harbor\/projects\/\d+\/repositories$/);
}
