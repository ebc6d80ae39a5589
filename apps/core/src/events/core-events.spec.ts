import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { coreEventSchema, type CoreEvent } from '@harbor-ts/events';
import { CoreEvents } from './core-events.js';

function silentLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const pushed = {
  type: 'artifact.pushed',
  operator: 'dev',
  projectId: 2,
  repository: 'p/app',
  digest: 'sha256:ab',
} as const;

describe('CoreEvents', () => {
  it('delivers each event to every subscriber in subscription order, events in emit order', async () => {
    const events = new CoreEvents(silentLogger().logger);
    const seen: string[] = [];
    events.subscribe({ name: 'first', handle: (e) => void seen.push(`first ${e.type}`) });
    events.subscribe({
      name: 'second',
      handle: async (e) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(`second ${e.type}`);
      },
    });
    await events.emit(pushed);
    await events.emit({
      type: 'tag.created',
      operator: 'dev',
      projectId: 2,
      repository: 'p/app',
      tag: 'v1',
      digest: 'sha256:ab',
    });
    expect(seen).toEqual([
      'first artifact.pushed',
      'second artifact.pushed',
      'first tag.created',
      'second tag.created',
    ]);
  });

  it('stamps the time and hands subscribers an event that matches the published schema', async () => {
    const events = new CoreEvents(silentLogger().logger);
    const received: CoreEvent[] = [];
    events.subscribe({ name: 'collect', handle: (e) => void received.push(e) });
    const before = Date.now();
    await events.emit(pushed);
    const [event] = received;
    expect(coreEventSchema.parse(event)).toEqual({ ...pushed, occurredAt: event?.occurredAt });
    expect(Date.parse(event?.occurredAt ?? '')).toBeGreaterThanOrEqual(before - 1);
  });

  it('isolates subscribers: one that throws or rejects is logged, the others still run, emit resolves', async () => {
    const { logger, lines } = silentLogger();
    const events = new CoreEvents(logger);
    const seen: string[] = [];
    events.subscribe({
      name: 'throws',
      handle: () => {
        throw new Error('boom');
      },
    });
    events.subscribe({ name: 'rejects', handle: () => Promise.reject(new Error('db down')) });
    events.subscribe({ name: 'works', handle: (e) => void seen.push(e.type) });
    await expect(events.emit(pushed)).resolves.toBeUndefined();
    expect(seen).toEqual(['artifact.pushed']);
    expect(lines.map((l) => [l.subscriber, l.event, l.msg])).toEqual([
      ['throws', 'artifact.pushed', 'event subscriber failed'],
      ['rejects', 'artifact.pushed', 'event subscriber failed'],
    ]);
  });
});
