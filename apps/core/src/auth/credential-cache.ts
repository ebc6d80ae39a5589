import { createHmac, randomBytes } from 'node:crypto';
import { verifyPassword } from '@harbor-ts/auth';

/** The stored side of a credential: the account's row id and its scrypt hash and salt as read just now. */
export interface StoredCredential {
  account: string;
  hash: string;
  salt: string;
}

export interface CredentialCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  verify?: (password: string, hash: string, salt: string) => Promise<boolean>;
}

/**
 * Remembers, for a short while, that a password matched a stored scrypt hash, so a client sending
 * basic auth on every request (docker, CI, API scripts) pays scrypt's ~50 ms once per TTL, not per call.
 *
 * Each entry is an HMAC, under a key made fresh for this process, of the account, its stored hash and
 * salt, and the password: nothing in memory can be checked against a guess without the process's key.
 * Callers read the account's row on every request and pass its current hash, so a changed password or
 * secret (new hash and salt) can never match an old entry, and a deleted account is never looked up:
 * invalidation is immediate in every core process without telling them. Flags (admin, disabled,
 * expiry) are read from the row each time and are not part of what is cached. Failures are not cached.
 */
export class CredentialCache {
  private readonly key = randomBytes(32);
  private readonly expiries = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly verify: (password: string, hash: string, salt: string) => Promise<boolean>;

  constructor(options: CredentialCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
    this.verify = options.verify ?? verifyPassword;
  }

  /** Whether `password` matches the stored credential: from memory when it matched within the TTL. */
  async matches(password: string, stored: StoredCredential): Promise<boolean> {
    const entry = this.entryKey(password, stored);
    const expiresAt = this.expiries.get(entry);
    if (expiresAt !== undefined) {
      this.expiries.delete(entry);
      if (expiresAt > this.now()) {
        this.expiries.set(entry, expiresAt); // re-inserted: most recently used goes last
        return true;
      }
    }
    if (!(await this.verify(password, stored.hash, stored.salt))) return false;
    this.remember(entry);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private remember(entry: string): void {
    this.expiries.set(entry, this.now() + this.ttlMs);
    // A Map iterates in insertion order, so its first keys are the least recently used.
    for (const oldest of this.expiries.keys()) {
      if (this.expiries.size <= this.maxEntries) break;
      this.expiries.delete(oldest);
    }
  }

  private entryKey(password: string, stored: StoredCredential): string {
    // JSON keeps the fields apart whatever characters they hold.
    return createHmac('sha256', this.key)
      .update(JSON.stringify([stored.account, stored.hash, stored.salt, password]))
      .digest('base64url');
  }
}
