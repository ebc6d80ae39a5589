import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

const CHECK_EVERY_MS = 5_000;
/** Checks in a row with the event loop under IDLE_UTILIZATION before the process counts as idle. */
const QUIET_CHECKS = 2;
const IDLE_UTILIZATION = 0.01;
/** Heap growth since the last collection worth a full GC for. */
const GROWTH_BYTES = 4 * 1024 * 1024;

export interface IdleMemoryProbes {
  /** A full garbage collection: `gc` with `--expose-gc`. */
  collect: (() => void) | undefined;
  /** The event loop's utilisation (0–1) since the previous call. */
  utilization: () => number;
  /** V8's heap size in bytes. */
  heapSize: () => number;
}

function eventLoopUtilizationSinceLastCall(): () => number {
  let previous = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, previous);
    previous = now;
    return utilization;
  };
}

/**
 * Gives memory back once the process has been idle for ~10 s: one full garbage collection, which
 * also shrinks V8's young generation. V8 grows that to 32 MiB under load (startup included) and,
 * without a full GC, keeps it while idle: core and jobservice idle ~30 MiB higher for it
 * (bench/README.md "footprint"). Capping the young generation instead would slow every request.
 * Needs `--expose-gc` (the apps' node-flags); without it this does nothing.
 */
export function releaseMemoryWhenIdle(probes: Partial<IdleMemoryProbes> = {}): { stop: () => void } {
  const collect = 'collect' in probes ? probes.collect : (globalThis as { gc?: () => void }).gc;
  if (typeof collect !== 'function') return { stop: () => undefined };
  const utilization = probes.utilization ?? eventLoopUtilizationSinceLastCall();
  const heapSize = probes.heapSize ?? (() => getHeapStatistics().total_heap_size);
  let heapAfterCollect = 0;
  let quietChecks = 0;
  const timer = setInterval(() => {
    quietChecks = utilization() >= IDLE_UTILIZATION ? 0 : quietChecks + 1;
    if (quietChecks < QUIET_CHECKS || heapSize() < heapAfterCollect + GROWTH_BYTES) return;
    collect();
    heapAfterCollect = heapSize();
  }, CHECK_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
