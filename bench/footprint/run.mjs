#!/usr/bin/env node
// bench/footprint: the resident memory of a whole idle harbor-ts instance installed natively with
// --with-trivy (every process of the instance: Node apps, their supervisors, PostgreSQL, Redis,
// nginx), printed per process and summed. Target (issue #16): under 500 MiB in all. RSS counts a
// page shared by several processes once in each; PSS splits it among them, so its sum is the memory
// the instance really holds. Both are printed.
// Usage: npm run bench:footprint   (needs what `./install.sh --native` needs and a built workspace)
// Options: BENCH_IDLE_SECONDS (30): how long the instance idles after it is healthy before reading.
import { readdirSync, readFileSync } from 'node:fs';
import { startNativeStack } from '@harbor-ts/testing';

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
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

const stack = await startNativeStack({ withTrivy: true });
try {
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const rows = instanceProcesses(stack.dir).sort((a, b) => b.rss - a.rss);
  const sum = (list, key) => list.reduce((total, p) => total + p[key], 0) / MiB;
  console.log(
    `idle ${IDLE_SECONDS}s after a healthy install --native --with-trivy, ${new Date().toISOString()}`,
  );
  const mib = (bytes) => (bytes / MiB).toFixed(1).padStart(8);
  console.log(`${'RSS MiB'.padStart(8)}  ${'PSS MiB'.padStart(8)}  ${'pid'.padStart(7)}  process`);
  for (const p of rows)
    console.log(`${mib(p.rss)}  ${mib(p.pss)}  ${String(p.pid).padStart(7)}  ${label(p, stack.dir)}`);
  const node = rows.filter((p) => p.cmdline.startsWith('node '));
  console.log(
    `${sum(rows, 'rss').toFixed(1).padStart(8)}  ${sum(rows, 'pss').toFixed(1).padStart(8)}  total of ${rows.length} processes; target < 500 MiB`,
  );
  console.log(
    `${sum(node, 'rss').toFixed(1).padStart(8)}  ${sum(node, 'pss').toFixed(1).padStart(8)}  of which the Node apps`,
  );
} finally {
  await stack.stop();
}
