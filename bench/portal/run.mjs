#!/usr/bin/env node
// First-page-usable time of the portal in headless Chromium on localhost.
//
//   node bench/portal/run.mjs                       # serves apps/portal/dist itself (API answers 401)
//   node bench/portal/run.mjs --url http://127.0.0.1:8080 [--runs 7]   # a running stack (native install)
//
// "Usable" = from navigation start until the sign-in form can be typed into (an anonymous visit to `/`
// goes / → /harbor/projects → session check (401) → /account/sign-in). Each cold run uses a fresh browser
// context (empty cache); warm runs reload in the same context. Against a real stack it also signs in and
// times a reload of /harbor/projects until the project table is shown. Build the portal first
// (`npm run build -w @harbor-ts/portal`).
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const RUNS = Number(option('runs', '5'));
const CHROMIUM = option('chromium', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const USER = option('user', 'admin');
const PASSWORD = option('password', 'Harbor12345');
const DIST = fileURLToPath(new URL('../../apps/portal/dist/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** nginx's job in miniature: static files, index.html for client routes, anonymous API (401). */
function serveDist() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`no build in ${DIST}: npm run build -w @harbor-ts/portal`);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.startsWith('/api/') || path.startsWith('/c/')) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] }));
      return;
    }
    let file = join(DIST, normalize(path).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
    const immutable = file.includes(`${join(DIST, 'assets')}`);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (values) =>
  `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length})`;

/** Navigates and waits for `ready`; returns ms since navigation start (performance.now in the page). */
async function timeUntil(page, url, ready) {
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  return page.evaluate(() => performance.now());
}

const signInReady = async (page) => {
  await page.getByRole('button', { name: /log in|登录/i }).waitFor({ state: 'visible' });
  await page.locator('input[autocomplete="username"], input[name="principal"], input').first().waitFor();
};

async function main() {
  let server;
  let base = option('url');
  if (!base) {
    server = await serveDist();
    base = `http://127.0.0.1:${server.address().port}`;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const cold = [];
    const warm = [];
    const fcp = [];
    for (let i = 0; i < RUNS; i += 1) {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      cold.push(await timeUntil(page, `${base}/`, signInReady));
      fcp.push(
        await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
      );
      warm.push(await timeUntil(page, `${base}/`, signInReady));
      await context.close();
    }
    console.log(`portal at ${base}${server ? ' (static dist, API stubbed 401)' : ''}`);
    console.log(`sign-in page usable, cold cache: ${fmt(cold)}`);
    console.log(`sign-in page usable, warm cache: ${fmt(warm)}`);
    console.log(`first contentful paint, cold:    ${fmt(fcp.filter(Number.isFinite))}`);

    if (!server) {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${base}/account/sign-in`);
      await page.getByLabel('Username').fill(USER);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL('**/harbor/projects');
      const projects = [];
      for (let i = 0; i < RUNS; i += 1) {
        projects.push(
          await timeUntil(page, `${base}/harbor/projects`, (p) => p.locator('table tbody tr, .empty-state').first().waitFor()),
        );
      }
      console.log(`projects page usable (signed in, reload): ${fmt(projects)}`);
      await context.close();
    }
  } finally {
    await browser.close();
    server?.close();
  }
}

await main();
