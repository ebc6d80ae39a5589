// @vitest-environment node
import {
  startNativeStack,
  startOidcProvider,
  type NativeStack,
  type OidcTestProvider,
} from '@harbor-ts/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPage, missingTools, signIn } from './browser.js';

const DANA = {
  sub: 'sub-dana',
  username: 'dana',
  password: 'dana-provider-pw',
  email: 'dana@example.com',
  groups: ['devs'],
};
const CHOSEN_USERNAME = 'dana-oidc';
const STEP = 60_000;

// Skipped only on a developer machine without chromium; under CI a missing browser must fail.
const missing = missingTools('OIDC portal e2e').length > 0;

/**
 * OIDC sign-in set up and used the way a new administrator and user do it, in Chromium against the native
 * stack and a real OpenID provider: configure and test the provider in Configuration › Authentication, sign
 * in through it, choose a username, and use the CLI secret from the profile as docker's password.
 */
describe.skipIf(missing && !process.env.CI)('OIDC in the portal, in a browser', () => {
  let stack: NativeStack | undefined;
  let provider: OidcTestProvider | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let base = '';
  let cliSecret = '';

  beforeAll(async () => {
    stack = await startNativeStack();
    base = stack.url;
    provider = await startOidcProvider({
      users: [DANA],
      redirectUris: [`${base}/c/oidc/callback`],
      postLogoutRedirectUris: [`${base}/account/sign-in`],
    });
    ({ browser, page } = await launchPage());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await provider?.stop();
    await stack?.stop();
  }, 120_000);

  it(
    'configures OIDC in Configuration › Authentication, tests the provider and saves',
    async () => {
      const oidc = provider!;
      await page.goto(`${base}/harbor/projects`);
      await signIn(page, 'admin', stack!.adminPassword);
      await page.getByText('Administration', { exact: true }).click();
      await page.getByRole('link', { name: 'Configuration' }).click();
      await page.getByRole('link', { name: 'Authentication' }).click();
      await page.waitForURL('**/harbor/configs/auth');

      await page.getByLabel('Auth Mode').selectOption({ label: 'OIDC' });
      // The callback to register at the provider, under the instance's external URL.
      await expect(page.getByLabel('Redirect URI', { exact: true }).inputValue()).resolves.toBe(
        `${base}/c/oidc/callback`,
      );
      await page.getByLabel('OIDC Endpoint', { exact: true }).fill(oidc.issuer);
      await page.getByLabel('OIDC Client ID', { exact: true }).fill(oidc.clientId);
      await page.getByLabel('OIDC Client Secret', { exact: true }).fill(oidc.clientSecret);
      await page.getByLabel('OIDC Scope', { exact: true }).fill('openid,profile,email,groups');
      await page.getByLabel('Username Claim', { exact: true }).fill('preferred_username');
      await page.getByLabel('Automatic onboarding').setChecked(false);

      await page.getByRole('button', { name: 'Test OIDC Server' }).click();
      await page.getByText('Connection to the OIDC server succeeded.').waitFor();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Configuration saved.').waitFor();

      // What core keeps: the settings, but never the client secret back into the form.
      await page.reload();
      await expect(page.getByLabel('Auth Mode').inputValue()).resolves.toBe('oidc_auth');
      await expect(page.getByLabel('OIDC Endpoint', { exact: true }).inputValue()).resolves.toBe(oidc.issuer);
      await expect(page.getByLabel('OIDC Client Secret', { exact: true }).inputValue()).resolves.toBe('');
      await expect(page.getByLabel('Automatic onboarding').isChecked()).resolves.toBe(false);
    },
    STEP,
  );

  it(
    'signs a new user in through the provider, who chooses a username and lands in the portal',
    async () => {
      await page.getByRole('button', { name: /admin/ }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL('**/account/sign-in');

      // No provider name was configured: the button names the provider generically.
      await page.getByRole('link', { name: 'Sign in via OIDC provider' }).click();
      await page.waitForURL(`${provider!.issuer}/**`);
      await page.getByLabel('Username').fill(DANA.username);
      await page.getByLabel('Password').fill(DANA.password);
      await page.getByRole('button', { name: 'Sign in' }).click();

      await page.waitForURL('**/oidc-onboard?**');
      await page.getByRole('heading', { name: 'Choose a username' }).waitFor();
      const username = page.getByLabel('Username');
      await expect(username.inputValue()).resolves.toBe(DANA.username);
      await username.fill(CHOSEN_USERNAME);
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByRole('heading', { name: 'Projects' }).waitFor();
      await page.getByRole('button', { name: `User menu for ${CHOSEN_USERNAME}` }).waitFor();
      await expect(page.getByText('Administration').count()).resolves.toBe(0);
    },
    STEP,
  );

  it(
    'shows the CLI secret in the profile, which works as the password for basic auth',
    async () => {
      await page.getByRole('button', { name: `User menu for ${CHOSEN_USERNAME}` }).click();
      await page.getByRole('menuitem', { name: 'User Profile' }).click();
      const profile = page.getByRole('dialog', { name: 'User Profile' });
      const secretField = profile.getByLabel('CLI secret', { exact: true });
      await expect(secretField.getAttribute('type')).resolves.toBe('password');
      await profile.getByRole('button', { name: 'Show secret' }).click();
      await expect(secretField.getAttribute('type')).resolves.toBe('text');
      cliSecret = await secretField.inputValue();
      expect(cliSecret.length).toBeGreaterThanOrEqual(8);

      const basic = Buffer.from(`${CHOSEN_USERNAME}:${cliSecret}`).toString('base64');
      const me = await fetch(`${base}/api/v2.0/users/current`, {
        headers: { authorization: `Basic ${basic}` },
      });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { username: string }).username).toBe(CHOSEN_USERNAME);
      const wrong = Buffer.from(`${CHOSEN_USERNAME}:not-the-secret`).toString('base64');
      const refused = await fetch(`${base}/api/v2.0/users/current`, {
        headers: { authorization: `Basic ${wrong}` },
      });
      expect(refused.status).toBe(401);
    },
    STEP,
  );

  it(
    'refuses a weak secret of the user’s own, then accepts a strong one that replaces the old',
    async () => {
      const profile = page.getByRole('dialog', { name: 'User Profile' });
      await profile.getByRole('button', { name: 'Upload your own secret' }).click();
      await profile.getByLabel('New secret').fill('weak');
      await profile.getByLabel('Confirm secret').fill('weak');
      await profile.getByRole('button', { name: 'Save secret' }).click();
      await profile.getByText('8–128 characters', { exact: false }).first().waitFor();

      const mine = 'MyOwnCliSecret42';
      await profile.getByLabel('New secret').fill(mine);
      await profile.getByLabel('Confirm secret').fill(mine);
      await profile.getByRole('button', { name: 'Save secret' }).click();
      await profile.getByText('Your CLI secret has been changed').waitFor();
      await expect(profile.getByLabel('CLI secret', { exact: true }).inputValue()).resolves.toBe(mine);

      const auth = (secret: string) =>
        fetch(`${base}/api/v2.0/users/current`, {
          headers: {
            authorization: `Basic ${Buffer.from(`${CHOSEN_USERNAME}:${secret}`).toString('base64')}`,
          },
        });
      expect((await auth(mine)).status).toBe(200);
      expect((await auth(cliSecret)).status).toBe(401);
    },
    STEP,
  );
});
