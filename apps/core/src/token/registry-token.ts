import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { TokenKeys } from './token-keys.js';

export const TOKEN_ISSUER = 'harbor-token-issuer';
export const REGISTRY_SERVICE = 'harbor-registry';

/** One entry of the token's `access` claim, as distribution's token auth defines it. */
export interface ResourceAccess {
  type: string;
  name: string;
  actions: string[];
}

export interface RegistryTokenClaims {
  /** The user or robot name; empty for anonymous. */
  sub: string;
  access: ResourceAccess[];
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

/** Signs and verifies the bearer tokens of docker's token protocol with the prepare key (ES256, or RS256 for an RSA key). */
@Injectable()
export class RegistryTokens {
  constructor(private readonly keys: TokenKeys) {}

  async sign(subject: string, access: ResourceAccess[], expiresInSeconds: number, now = new Date()) {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ access })
      .setProtectedHeader({ alg: this.keys.algorithm, typ: 'JWT', kid: this.keys.keyId })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(subject)
      .setAudience(REGISTRY_SERVICE)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + expiresInSeconds)
      .setJti(randomUUID())
      .sign(this.keys.privateKey);
    return { token, issuedAt: new Date(issuedAt * 1000) };
  }

  /** The token's claims, or undefined when its signature, issuer, audience or lifetime is wrong. */
  async verify(token: string): Promise<RegistryTokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKey, {
        issuer: TOKEN_ISSUER,
        audience: REGISTRY_SERVICE,
        algorithms: [this.keys.algorithm],
        clockTolerance: 5,
      });
      const access = Array.isArray(payload.access) ? (payload.access as ResourceAccess[]) : [];
      return { sub: payload.sub ?? '', access, iat: payload.iat ?? 0, exp: payload.exp ?? 0 };
    } catch {
      return undefined;
    }
  }
}

/** Parses `repository:p/r:pull,push` (the name may hold colons, e.g. a port, so split at the ends). */
export function parseScope(scope: string): ResourceAccess | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  const actions = scope
    .slice(last + 1)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions };
}
