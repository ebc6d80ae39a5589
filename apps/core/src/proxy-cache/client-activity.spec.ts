import { describe, expect, it } from 'vitest';
import { ClientActivity } from './client-activity.js';

describe('ClientActivity', () => {
  it('is quiet only a moment after the last client stream ended', async () => {
    const activity = new ClientActivity();
    const end = activity.begin();
    let quiet = false;
    const waiting = activity.quiet(10_000).then(() => (quiet = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(quiet).toBe(false);
    const endedAt = Date.now();
    end();
    end(); // a second call changes nothing
    await waiting;
    expect(Date.now() - endedAt).toBeGreaterThanOrEqual(450);
  });

  it('stops waiting after the longest wait even while clients run', async () => {
    const activity = new ClientActivity();
    activity.begin();
    const started = Date.now();
    await activity.quiet(300);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('counts a leased stream as under way until its lease ends', async () => {
    const activity = new ClientActivity();
    const started = Date.now();
    activity.lease(400);
    await activity.quiet(10_000);
    // the lease (400 ms), then the quiet moment after it (500 ms)
    expect(Date.now() - started).toBeGreaterThanOrEqual(850);
  });
});
