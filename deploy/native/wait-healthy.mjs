// Polls harbor-ts's health endpoint (through nginx) until every component is healthy.
// Usage: node wait-healthy.mjs <url> [timeoutSeconds]
// Exit 0 when healthy. Otherwise exit 1 and print the unhealthy components' names on stdout, one per
// line ("nginx" when nothing answered), with their errors on stderr, so install.sh can show their logs.
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

const [url, timeoutArg = '150'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node wait-healthy.mjs <url> [timeoutSeconds]');
  process.exit(2);
}
const deadline = Date.now() + Number(timeoutArg) * 1000;

function get(target) {
  const client = target.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    // The certificate is often self-signed; this only checks that the instance is up.
    const req = client.get(target, { rejectUnauthorized: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5s')));
    req.on('error', reject);
  });
}

let last = { error: 'never asked' };
while (Date.now() < deadline) {
  try {
    const { status, body } = await get(url);
    let health;
    try {
      health = JSON.parse(body);
    } catch {
      health = undefined;
    }
    if (health?.status === 'healthy') process.exit(0);
    last = health?.components
      ? { components: health.components }
      : { error: `HTTP ${status}: ${body.slice(0, 200)}` };
  } catch (error) {
    last = { error: error.message };
  }
  await sleep(1000);
}

if (last.components) {
  for (const component of last.components.filter((c) => c.status !== 'healthy')) {
    console.error(`unhealthy: ${component.name}: ${component.error ?? component.status}`);
    console.log(component.name);
  }
} else {
  console.error(`no health answer from ${url}: ${last.error}`);
  console.log('nginx');
  console.log('core');
}
process.exit(1);
