// CPU seconds (user + system) used so far by the processes of one native instance or another server:
// on a machine other work loads, wall times swing from run to run, the CPU a pull costs much less.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function processInfo(pid) {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return {
      cmdline,
      ppid: fields[1],
      seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** CPU seconds of every process whose command line, or whose parent's (nginx workers), contains `marker`. */
export function cpuSeconds(marker) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const info = processInfo(pid);
    if (!info) continue;
    const parent = info.cmdline.includes(marker) ? undefined : processInfo(info.ppid);
    if (info.cmdline.includes(marker) || parent?.cmdline.includes(marker)) total += info.seconds;
  }
  return total;
}

/** CPU seconds per process of `marker`'s (see cpuSeconds), keyed by a short name of its command line. */
export function cpuByProcess(marker) {
  const byName = {};
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const info = processInfo(pid);
    if (!info) continue;
    const parent = info.cmdline.includes(marker) ? undefined : processInfo(info.ppid);
    if (!info.cmdline.includes(marker) && !parent?.cmdline.includes(marker)) continue;
    const name = shortName(info.cmdline);
    byName[name] = (byName[name] ?? 0) + info.seconds;
  }
  return byName;
}

/** `apps/<app>/dist/...` → the app; otherwise the program's base name (nginx, postgres, redis-server). */
function shortName(cmdline) {
  const app = /apps\/([^/]+)\/dist/.exec(cmdline);
  if (app) return app[1];
  return (cmdline.split(' ')[0] ?? '').split('/').pop().replace(/:$/, '');
}

/** What each process spent between two cpuByProcess readings, largest first, as "name 1.23 s". */
export function cpuSpent(before, after) {
  return Object.entries(after)
    .map(([name, seconds]) => [name, seconds - (before[name] ?? 0)])
    .filter(([, seconds]) => seconds >= 0.01)
    .sort((x, y) => y[1] - x[1])
    .map(([name, seconds]) => `${name} ${seconds.toFixed(2)} s`)
    .join(', ');
}
