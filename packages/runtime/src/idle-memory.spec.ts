import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { releaseMemoryWhenIdle } from './idle-memory.js';

const MiB = 1024 * 1024;

/** Five-second checks whose utilisations are given in turn; the heap is what `heap.size` says. */
function scripted(utilizations: number[]) {
  const heap = { size: 40 * MiB };
  const collect = vi.fn(() => {
    heap.size = 30 * MiB;
  });
  const release = releaseMemoryWhenIdle({
    collect,
    utilization: () => utilizations.shift() ?? 0,
    heapSize: () => heap.size,
  });
  return { collect, heap, release };
}

describe('releaseMemoryWhenIdle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collects after two quiet checks, then again only once the heap has grown', () => {
    const { collect, heap, release } = scripted([0.5, 0.002]);
    vi.advanceTimersByTime(10_000);
    expect(collect).not.toHaveBeenCalled(); // busy, then one quiet check
    vi.advanceTimersByTime(5_000);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(collect).toHaveBeenCalledTimes(1); // idle, but nothing new to give back
    heap.size = 36 * MiB;
    vi.advanceTimersByTime(5_000);
    expect(collect).toHaveBeenCalledTimes(2);
    release.stop();
  });

  it('never collects while the event loop stays busy', () => {
    const { collect, release } = scripted(Array.from({ length: 20 }, (_, i) => (i % 2 ? 0.05 : 0.001)));
    vi.advanceTimersByTime(100_000);
    expect(collect).not.toHaveBeenCalled();
    release.stop();
  });

  it('does nothing without --expose-gc', () => {
    const utilization = vi.fn(() => 0);
    releaseMemoryWhenIdle({ collect: undefined, utilization }).stop();
    vi.advanceTimersByTime(20_000);
    expect(utilization).not.toHaveBeenCalled();
  });
});
