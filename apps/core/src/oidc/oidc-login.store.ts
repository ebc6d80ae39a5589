import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../infrastructure/tokens.js';
import type { OidcUserInfo } from './oidc-claims.js';
import type { OidcTokens } from './oidc-provider.client.js';

/** A sign-in on its way to the provider: what the callback must see again. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUrl: string;
}

/** A provider sign-in waiting for the user to choose a username (auto onboarding off). */
export interface PendingOnboarding {
  info: OidcUserInfo;
  tokens: OidcTokens;
  redirectUrl: string;
}

export const OIDC_LOGIN_COOKIE = 'oidc_login';
export const PENDING_TTL_SECONDS = 10 * 60;

/**
 * Short-lived sign-in records in Redis, found through the `oidc_login` cookie. A login record is read
 * once (GETDEL), so a callback can never be replayed; an onboarding record stays until a username is
 * accepted (the user may have to pick another), then it is discarded.
 */
@Injectable()
export class OidcLoginStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async save(kind: 'login' | 'onboard', value: PendingLogin | PendingOnboarding): Promise<string> {
    const id = randomBytes(32).toString('hex');
    await this.redis.set(key(kind, id), JSON.stringify(value), 'EX', PENDING_TTL_SECONDS);
    return id;
  }

  async takeLogin(id: string | undefined): Promise<PendingLogin | undefined> {
    if (!isRecordId(id)) return undefined;
    const text = await this.redis.getdel(key('login', id));
    return text ? (JSON.parse(text) as PendingLogin) : undefined;
  }

  async readOnboarding(id: string | undefined): Promise<PendingOnboarding | undefined> {
    if (!isRecordId(id)) return undefined;
    const text = await this.redis.get(key('onboard', id));
    return text ? (JSON.parse(text) as PendingOnboarding) : undefined;
  }

  async discardOnboarding(id: string): Promise<void> {
    await this.redis.del(key('onboard', id));
  }
}

function isRecordId(id: string | undefined): id is string {
  return id !== undefined && /^[0-9a-f]{64}$/.test(id);
}

const key = (kind: string, id: string) => `oidc:${kind}:${id}`;
