import { describe, expect, it } from 'vitest';
import { bytesSize } from './bytes-size.js';

describe('bytesSize', () => {
  it("writes sizes as Harbor's quota messages do", () => {
    expect(bytesSize(512)).toBe('512 B');
    expect(bytesSize(1024)).toBe('1.0 KiB');
    expect(bytesSize(1536)).toBe('1.5 KiB');
    expect(bytesSize(1024 * 1024)).toBe('1.0 MiB');
    expect(bytesSize(Math.round(9.5 * 1024 * 1024))).toBe('9.5 MiB');
    expect(bytesSize(200 * 1024 * 1024)).toBe('200.0 MiB');
    expect(bytesSize(1.5 * 1024 ** 4)).toBe('1.5 TiB');
  });
});
