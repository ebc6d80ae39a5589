// bench/webhooks: how long after a push is accepted its webhook arrives. A whole native stack (nginx,
// core, registry, jobservice) with one project whose webhook policy (PUSH_ARTIFACT, Default format)
// points at a receiver this script runs; BENCH_WEBHOOK_ROUNDS (5) rounds of BENCH_WEBHOOK_CONCURRENCY
// (20) concurrent pushes of small images; latency = payload received − manifest PUT answered.
// Issue #14's target: p95 under 1 s. Needs a built workspace and what `install.sh --native` needs.
import { createServer } from 'node:http';
import { freePort, startNativeStack } from '@harbor-ts/testing';
import { ADMIN, percentile, pushImage } from '../lib/small-image-push.mjs';

const ROUNDS = Number(process.env.BENCH_WEBHOOK_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 20);

/** Records when each `<repository>:<tag>` push payload arrived. */
async function startReceiver() {
  const arrivals = new Map();
  const port = await freePort();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const repository = payload.event_data?.repository?.repo_full_name;
      for (const resource of payload.event_data?.resources ?? [])
        arrivals.set(`${repository}:${resource.tag}`, at);
      res.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/hook`, arrivals, stop: () => new Promise((r) => server.close(r)) };
}

async function api(stack, method, path, body) {
  const response = await fetch(`${stack.url}/api/v2.0${path}`, {
    method,
    headers: { authorization: ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

async function waitFor(arrivals, keys, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (keys.some((key) => !arrivals.has(key)) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

console.error('starting the native stack…');
const [stack, receiver] = await Promise.all([startNativeStack(), startReceiver()]);
try {
  await api(stack, 'POST', '/projects', { project_name: 'bench', metadata: { public: 'false' } });
  await api(stack, 'POST', '/projects/bench/webhook/policies', {
    name: 'bench',
    enabled: true,
    event_types: ['PUSH_ARTIFACT'],
    targets: [{ type: 'http', address: receiver.url, payload_format: 'Default' }],
  });
  await pushImage(stack, 'bench/warmup', 'v0'); // first token, first connections
  const latencies = [];
  let missing = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const pushes = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => pushImage(stack, `bench/app${i}`, `r${round}`)),
    );
    const keys = pushes.map((p) => `${p.repository}:${p.tag}`);
    await waitFor(receiver.arrivals, keys, 30_000);
    for (const push of pushes) {
      const at = receiver.arrivals.get(`${push.repository}:${push.tag}`);
      if (at === undefined) missing++;
      else latencies.push(at - push.acceptedAt);
    }
  }
  const ms = (p) => `${percentile(latencies, p)} ms`.padStart(8);
  console.log(`${ROUNDS} rounds of ${CONCURRENCY} concurrent pushes, PUSH_ARTIFACT webhook, Default format`);
  console.log(`push accepted → payload received   p50 ${ms(50)}   p95 ${ms(95)}   max ${ms(100)}`);
  console.log(`payloads received ${latencies.length}, missing after 30 s: ${missing}`);
} finally {
  await receiver.stop();
  await stack.stop();
}
