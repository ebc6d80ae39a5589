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
 * Short-lived sign-in records in Redis, found through the `oidc_login` cookie. Each is read once
 * (GETDEL), so a callback or an onboarding can never be replayed.
 */
@Injectable()
export class OidcLoginStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async save(kind: 'login' | 'onboard', value: PendingLogin | PendingOnboarding): Promise<string> {
    const id = randomBytes(32).toString('hex');
    await this.redis.set(key(kind, id), JSON.stringify(value), 'EX', PENDING_TTL_SECONDS);
    return id;
  }

  async take(kind: 'login', id: string | undefined): Promise<PendingLogin | undefined>;
  async take(kind: 'onboard', id: string | undefined): Promise<PendingOnboarding | undefined>;
  async take(kind: 'login' | 'onboard', id: string | undefined) {
    if (!id || !/^[0-9a-f]{64}$/.test(id)) return undefined;
    const text = await this.redis.getdel(key(kind, id));
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}

const key = (kind: string, id: string) => `oidc:${kind}:${id}`;
