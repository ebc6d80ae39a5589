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
