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

interface Entry {
  expiresAt: number;
  account: string;
  /** What the verification established, e.g. the directory's name for the user; '' for a hash check. */
  subject: string;
}

/**
 * Remembers, for a short while, that a password was verified, so a client sending basic auth on every
 * request (docker, CI, API scripts) pays scrypt's ~50 ms, or a directory's bind, once per TTL, not per call.
 *
 * Each entry is an HMAC, under a key made fresh for this process, of the account, its stored hash and
 * salt, and the password: nothing in memory can be checked against a guess without the process's key.
 * Callers read the account's row on every request and pass its current hash, so a changed password or
 * secret (new hash and salt) can never match an old entry, and a deleted account is never looked up:
 * invalidation is immediate in every core process without telling them. Flags (admin, disabled,
 * expiry) are read from the row each time and are not part of what is cached. Failures are not cached.
 * A directory (LDAP) has no hash here: its entries are dropped as soon as the directory refuses the account.
 */
export class CredentialCache {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, Entry>();
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
    const subject = await this.lookup(
      [stored.account, stored.hash, stored.salt, password],
      stored.account,
      async () => ((await this.verify(password, stored.hash, stored.salt)) ? '' : undefined),
    );
    return subject !== undefined;
  }

  /**
   * What `verify` answers for an account and password (its subject, or undefined for no), from memory
   * when it said yes within the TTL.
   */
  remembered(
    account: string,
    password: string,
    verify: () => Promise<string | undefined>,
  ): Promise<string | undefined> {
    return this.lookup([account, password], account, verify);
  }

  /** Drops every entry of an account, e.g. once its directory refused it. */
  forget(account: string): void {
    for (const [key, entry] of this.entries) if (entry.account === account) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private async lookup(
    parts: string[],
    account: string,
    verify: () => Promise<string | undefined>,
  ): Promise<string | undefined> {
    // JSON keeps the fields apart whatever characters they hold.
    const key = createHmac('sha256', this.key).update(JSON.stringify(parts)).digest('base64url');
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      if (entry.expiresAt > this.now()) {
        this.entries.set(key, entry); // re-inserted: most recently used goes last
        return entry.subject;
      }
    }
    const subject = await verify();
    if (subject !== undefined) this.remember(key, { expiresAt: this.now() + this.ttlMs, account, subject });
    return subject;
  }

  private remember(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    // A Map iterates in insertion order, so its first keys are the least recently used.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
