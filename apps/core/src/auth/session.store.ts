import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../infrastructure/tokens.js';

export interface Session {
  userId: number;
  /** Sent to the client in X-Harbor-CSRF-Token; unsafe cookie requests must echo it. */
  csrfToken: string;
}

// Harbor's default session timeout; every request made with the cookie extends it.
const SESSION_TTL_SECONDS = 60 * 60;
const key = (sid: string) => `session:${sid}`;

/** UI sessions in Redis, so every core replica sees them and logout is immediate. */
@Injectable()
export class SessionStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async create(userId: number): Promise<{ sid: string; session: Session }> {
    const sid = randomBytes(32).toString('hex');
    const session: Session = { userId, csrfToken: randomBytes(32).toString('base64url') };
    await this.redis.set(key(sid), JSON.stringify(session), 'EX', SESSION_TTL_SECONDS);
    return { sid, session };
  }

  async get(sid: string): Promise<Session | undefined> {
    if (!/^[0-9a-f]{64}$/.test(sid)) return undefined;
    // Read and extend in one round trip (a pipeline, not GETEX, which older Redis lacks): this runs
    // before every signed-in request. EXPIRE of a missing key does nothing.
    const results = await this.redis.pipeline().get(key(sid)).expire(key(sid), SESSION_TTL_SECONDS).exec();
    const [readError, text] = results?.[0] ?? [];
    if (readError) throw readError;
    return typeof text === 'string' ? (JSON.parse(text) as Session) : undefined;
  }

  async destroy(sid: string): Promise<void> {
    await this.redis.del(key(sid));
  }

  /** Ends every session of a user, e.g. when the user is deleted. Sessions are few; a scan is fine. */
  async destroyAllOf(userId: number): Promise<void> {
    const prefix = this.redis.options.keyPrefix ?? '';
    const stream = this.redis.scanStream({ match: `${prefix}session:*`, count: 200 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      for (const fullKey of keys) {
        const sid = fullKey.slice(prefix.length + 'session:'.length);
        const session = await this.get(sid);
        if (session?.userId === userId) await this.destroy(sid);
      }
    }
  }
}

export function csrfTokenMatches(session: Session, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(sent);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
