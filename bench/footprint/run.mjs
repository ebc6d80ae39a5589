#!/usr/bin/env node
// bench/footprint: the resident memory of a whole idle harbor-ts instance installed natively with
// --with-trivy (every process of the instance: Node apps, their supervisors, PostgreSQL, Redis,
// nginx), printed per process and summed. Target (issue #16): under 500 MiB in all. RSS counts a
// page shared by several processes once in each; PSS splits it among them, so its sum is the memory
// the instance really holds. Both are printed.
// Usage: npm run bench:footprint   (needs what `./install.sh --native` needs and a built workspace)
// The instance is read every 2 s over a window, not once: PostgreSQL backends come and go with the
// apps' periodic tasks and each process's idle GC runs at its own time, so one instant can be ~50 MiB
// off. The headline is the median of the window's totals; per process, the median of its readings.
// Options: BENCH_IDLE_SECONDS (30): how long the instance idles after it is healthy before reading;
// BENCH_WINDOW_SECONDS (60): how long it is read for.
import { readdirSync, readFileSync } from 'node:fs';
import { startNativeStack } from '@harbor-ts/testing';

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const WINDOW_SECONDS = Number(process.env.BENCH_WINDOW_SECONDS ?? 60);
const READ_EVERY_MS = 2000;
const KiB = 1024;
const MiB = 1024 * KiB;

/** Every process on the machine: pid, parent, command line and resident bytes (VmRSS). */
function processes() {
  const all = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      const field = (name) => status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1];
      // Proportional: shared pages (PostgreSQL's shared buffers, libraries) split among their users.
      const pss = readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m)?.[1];
      all.push({
        pid: Number(entry),
        ppid: Number(field('PPid')),
        rss: Number(field('VmRSS') ?? 0) * KiB,
        pss: Number(pss ?? 0) * KiB,
        cmdline,
      });
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

/** The processes whose command line names the instance's folder, and all their descendants. */
function instanceProcesses(dir) {
  const all = processes();
  const chosen = new Set(all.filter((p) => p.cmdline.includes(dir)).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all)
      if (!chosen.has(p.pid) && chosen.has(p.ppid)) {
        chosen.add(p.pid);
        grew = true;
      }
  }
  return all.filter((p) => chosen.has(p.pid));
}

/** A short name: the app a Node process runs, the component a supervisor keeps, or the program and its title. */
function label(p, dir) {
  const app = p.cmdline.match(/apps\/([\w-]+)\/dist/)?.[1];
  if (app && p.cmdline.startsWith('node ')) return `node ${app}`;
  const supervised = p.cmdline.match(/deploy\/native\/supervise (\S+)/)?.[1];
  if (supervised) return `supervise ${supervised} (sh)`;
  return p.cmdline.replaceAll(dir, '<instance>').slice(0, 70);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the instance every READ_EVERY_MS for WINDOW_SECONDS: each process's readings, and each reading's totals. */
async function readWindow(dir) {
  const byPid = new Map();
  const totals = [];
  for (const end = Date.now() + WINDOW_SECONDS * 1000; Date.now() < end; await sleep(READ_EVERY_MS)) {
    const rows = instanceProcesses(dir);
    totals.push({ rss: rows.reduce((t, p) => t + p.rss, 0), pss: rows.reduce((t, p) => t + p.pss, 0) });
    for (const p of rows) {
      const seen = byPid.get(p.pid) ?? { ...p, rssReadings: [], pssReadings: [] };
      seen.rssReadings.push(p.rss);
      seen.pssReadings.push(p.pss);
      byPid.set(p.pid, seen);
    }
  }
  return { processes: [...byPid.values()], totals };
}

const stack = await startNativeStack({ withTrivy: true });
try {
  await sleep(IDLE_SECONDS * 1000);
  const { processes: seen, totals } = await readWindow(stack.dir);
  const readings = totals.length;
  const rows = seen
    .map((p) => ({
      ...p,
      rss: median(p.rssReadings),
      pss: median(p.pssReadings),
      present: p.rssReadings.length,
    }))
    .sort((a, b) => b.rss - a.rss);
  const mib = (bytes) => (bytes / MiB).toFixed(1).padStart(8);
  console.log(
    `idle ${IDLE_SECONDS}s after a healthy install --native --with-trivy, then read ${readings} times over ${WINDOW_SECONDS}s, ${new Date().toISOString()}`,
  );
  console.log(
    `${'RSS MiB'.padStart(8)}  ${'PSS MiB'.padStart(8)}  ${'pid'.padStart(7)}  readings  process (median of its readings)`,
  );
  for (const p of rows)
    console.log(
      `${mib(p.rss)}  ${mib(p.pss)}  ${String(p.pid).padStart(7)}  ${`${p.present}/${readings}`.padStart(8)}  ${label(p, stack.dir)}`,
    );
  const rssTotals = totals.map((t) => t.rss);
  console.log(
    `${mib(median(rssTotals))}  ${mib(median(totals.map((t) => t.pss)))}  median total of the instance (RSS ${mib(Math.min(...rssTotals)).trim()}..${mib(Math.max(...rssTotals)).trim()} over the window); target < 500 MiB`,
  );
  const node = rows.filter((p) => p.cmdline.startsWith('node '));
  const sum = (list, key) => list.reduce((total, p) => total + p[key], 0);
  console.log(
    `${mib(sum(node, 'rss'))}  ${mib(sum(node, 'pss'))}  of which the Node apps (sum of their medians)`,
  );
} finally {
  await stack.stop();
}
