import { Injectable, Logger } from '@nestjs/common';
import { CredentialCache } from '../auth/credential-cache.js';
import { userInfoFromClaims, type OidcUserInfo } from './oidc-claims.js';
import { OidcProviderClient, type OidcTokens } from './oidc-provider.client.js';
import type { OidcSettings } from './oidc-settings.js';
import { OidcUsersService } from './oidc-users.service.js';

// A token this close to expiry is refreshed rather than trusted.
const EXPIRY_MARGIN_SECONDS = 10;

/**
 * Who a provider sign-in, a CLI secret or an ID token is: Harbor's OIDC callback, VerifySecret and
 * ID-token bearer authentication.
 */
@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger(OidcSignIn.name);
  private readonly verified = new CredentialCache();

  constructor(
    private readonly provider: OidcProviderClient,
    private readonly users: OidcUsersService,
  ) {}

  /** The provider's answer to our authorization request, every check applied, as Harbor's UserInfo. */
  async completeLogin(
    settings: OidcSettings,
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<{ info: OidcUserInfo; tokens: OidcTokens }> {
    const config = await this.provider.config(settings);
    const { tokens, claims } = await this.provider.exchange(config, callbackUrl, checks);
    const userinfo = await this.provider.userinfo(config, tokens, String(claims.sub));
    return { info: userInfoFromClaims(claims, userinfo, settings), tokens };
  }

  /**
   * Harbor's VerifySecret, for `docker login` and API basic auth: the user's CLI secret, then their
   * provider session, refreshed when it expired (refused when it cannot be: sign in to the portal
   * again); groups are re-read on refresh. Remembered for a minute per user and stored secret, so a
   * new secret takes effect at once.
   */
  async verifyCliSecret(username: string, secret: string): Promise<number | undefined> {
    const credentials = await this.users.credentials(username);
    if (!credentials || !this.users.secretMatches(credentials.sealedSecret, secret)) return undefined;
    const account = `oidc:${credentials.userId}:${credentials.sealedSecret}`;
    const subject = await this.verified.remembered(account, secret, async () =>
      (await this.providerSessionLive(credentials.userId)) ? String(credentials.userId) : undefined,
    );
    if (subject === undefined) this.verified.forget(account);
    return subject === undefined ? undefined : Number(subject);
  }

  /** An ID token as `Authorization: Bearer`: the onboarded user it names, once the provider's signature checks out. */
  async verifyIdToken(idToken: string): Promise<number | undefined> {
    const settings = await this.provider.settings();
    const config = await this.provider.config(settings);
    let payload;
    try {
      payload = await this.provider.verifyIdToken(config, settings, idToken);
    } catch (error) {
      this.logger.warn(`ID token refused: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    return this.users.bySubIss({ ...userInfoFromClaims(payload, undefined, settings) });
  }

  private async providerSessionLive(userId: number): Promise<boolean> {
    const tokens = await this.users.tokens(userId);
    if (!tokens) return false;
    const now = Math.floor(Date.now() / 1000);
    if (tokens.expiresAt === undefined || tokens.expiresAt > now + EXPIRY_MARGIN_SECONDS) return true;
    if (!tokens.refreshToken) {
      this.logger.warn(
        `user ${userId}: the provider token expired and there is no refresh token; sign in again`,
      );
      return false;
    }
    const settings = await this.provider.settings();
    try {
      const config = await this.provider.config(settings);
      const refreshed = await this.provider.refresh(config, tokens.refreshToken);
      const claims = refreshed.claims ?? decodeClaims(refreshed.tokens.idToken || tokens.idToken);
      const userinfo = await this.provider.userinfo(config, refreshed.tokens, String(claims.sub));
      const info = userInfoFromClaims(claims, userinfo, settings);
      await this.users.signedInAgain(
        userId,
        info,
        { ...refreshed.tokens, idToken: refreshed.tokens.idToken || tokens.idToken },
        settings.groupFilter,
      );
      return true;
    } catch (error) {
      this.logger.warn(
        `user ${userId}: refreshing the provider token failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }
}

function decodeClaims(idToken: string): Record<string, unknown> {
  const payload = idToken.split('.')[1];
  return payload
    ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)
    : {};
}
