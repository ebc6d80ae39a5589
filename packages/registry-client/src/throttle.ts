import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes bytes through at no more than `kbPerSecond` KiB/s on average (a policy's `speed_kb`), by
 * holding each chunk back until the bytes sent so far fit the elapsed time. 0 = no limit.
 */
export function throttle(kbPerSecond: number): Transform {
  const bytesPerMs = (kbPerSecond * 1024) / 1000;
  const started = Date.now();
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      sent += chunk.length;
      const due = started + sent / bytesPerMs;
      const wait = Math.max(0, due - Date.now());
      if (wait === 0) return done(null, chunk);
      setTimeout(() => done(null, chunk), wait);
    },
  });
}
