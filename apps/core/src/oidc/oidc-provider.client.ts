import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, customFetch as joseCustomFetch, jwtVerify, type JWTPayload } from 'jose';
import * as oidc from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { HarborError } from '@harbor-ts/errors';
import { assertOutboundUrl, OutboundUrlError } from '@harbor-ts/outbound';
import { ConfigurationService } from '../system/configuration.service.js';
import { savedOidcSettings, type OidcSettings } from './oidc-settings.js';

const REQUEST_TIMEOUT_SECONDS = 10;
// Discovery documents and keys change rarely; settings changes are picked up at once (the cache key).
const DISCOVERY_TTL_MS = 5 * 60_000;

/** The provider's tokens as harbor-ts keeps them (sealed in oidc_user.token). */
export interface OidcTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch seconds; undefined when the provider did not say. */
  expiresAt?: number;
}

interface Discovered {
  key: string;
  at: number;
  config: Promise<oidc.Configuration>;
}

/**
 * The OIDC provider, through openid-client: discovery, the authorization URL (state, nonce and PKCE),
 * the code exchange with every check, userinfo, refresh, and ID tokens presented as bearer tokens.
 * `oidc_verify_cert: false` swaps in a fetch that accepts self-signed certificates, for this provider only.
 */
@Injectable()
export class OidcProviderClient {
  private discovered?: Discovered;
  private readonly insecureAgent = new Agent({ connect: { rejectUnauthorized: false } });

  constructor(private readonly configuration: ConfigurationService) {}

  settings(): Promise<OidcSettings> {
    return savedOidcSettings(this.configuration);
  }

  /** Harbor's pingOIDC: the endpoint serves a discovery document whose issuer is itself. */
  async ping(endpoint: string, verifyCert: boolean): Promise<void> {
    await this.discover({
      endpoint: endpoint.replace(/\/+$/, ''),
      clientId: 'ping',
      clientSecret: '',
      verifyCert,
    });
  }

  async config(settings: OidcSettings): Promise<oidc.Configuration> {
    const key = JSON.stringify([
      settings.endpoint,
      settings.clientId,
      settings.clientSecret,
      settings.verifyCert,
    ]);
    const cached = this.discovered;
    if (cached && cached.key === key && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const config = this.discover(settings);
    this.discovered = { key, at: Date.now(), config };
    config.catch(() => {
      if (this.discovered?.config === config) this.discovered = undefined;
    });
    return config;
  }

  authorizationUrl(
    config: oidc.Configuration,
    settings: OidcSettings,
    redirectUri: string,
    checks: { state: string; nonce: string; codeChallenge: string },
  ): URL {
    return oidc.buildAuthorizationUrl(config, {
      ...settings.extraRedirectParams,
      redirect_uri: redirectUri,
      scope: settings.scopes.join(' '),
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: checks.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  /** Exchanges the code; openid-client checks state, PKCE, the ID token's signature, issuer, audience and nonce. */
  async exchange(
    config: oidc.Configuration,
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<{ tokens: OidcTokens; claims: Record<string, unknown> }> {
    const response = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    const claims = response.claims();
    if (!claims || !response.id_token) throw new Error('the provider returned no ID token');
    return { tokens: tokensOf(response), claims: claims as Record<string, unknown> };
  }

  /** The userinfo endpoint's claims; undefined when the provider has none or it fails (Harbor falls back too). */
  async userinfo(config: oidc.Configuration, tokens: OidcTokens, subject: string) {
    if (!config.serverMetadata().userinfo_endpoint) return undefined;
    try {
      return (await oidc.fetchUserInfo(config, tokens.accessToken, subject)) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  async refresh(
    config: oidc.Configuration,
    refreshToken: string,
  ): Promise<{ tokens: OidcTokens; claims?: Record<string, unknown> }> {
    const response = await oidc.refreshTokenGrant(config, refreshToken);
    const tokens = tokensOf(response);
    return {
      tokens: { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken },
      claims: response.claims() as Record<string, unknown> | undefined,
    };
  }

  endSessionUrl(config: oidc.Configuration, idToken: string, postLogoutRedirectUri: string): URL | undefined {
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUri,
    });
  }

  /** An ID token sent as `Authorization: Bearer`: signed by the provider, for this client, not expired. */
  async verifyIdToken(
    config: oidc.Configuration,
    settings: OidcSettings,
    idToken: string,
  ): Promise<JWTPayload> {
    const metadata = config.serverMetadata();
    if (!metadata.jwks_uri) throw new Error('the provider publishes no keys');
    const keys = createRemoteJWKSet(new URL(metadata.jwks_uri), {
      [joseCustomFetch]: this.fetchFor(settings.verifyCert) as typeof fetch,
    });
    const { payload } = await jwtVerify(idToken, keys, {
      issuer: metadata.issuer,
      audience: settings.clientId,
    });
    return payload;
  }

  private async discover(
    settings: Pick<OidcSettings, 'endpoint' | 'clientId' | 'clientSecret' | 'verifyCert'>,
  ) {
    let url: URL;
    try {
      url = await assertOutboundUrl(settings.endpoint, { what: 'OIDC endpoint' });
    } catch (error) {
      if (error instanceof OutboundUrlError) throw HarborError.badRequest(error.message);
      throw error;
    }
    const insecureHttp = url.protocol === 'http:';
    return oidc.discovery(url, settings.clientId, settings.clientSecret || undefined, undefined, {
      execute: insecureHttp ? [oidc.allowInsecureRequests] : [],
      timeout: REQUEST_TIMEOUT_SECONDS,
      [oidc.customFetch]: this.fetchFor(settings.verifyCert),
    });
  }

  private fetchFor(verifyCert: boolean): oidc.CustomFetch {
    if (verifyCert) return (url, options) => fetch(url, options as RequestInit);
    return (url, options) =>
      undiciFetch(url, {
        ...(options as object),
        dispatcher: this.insecureAgent,
      }) as unknown as Promise<Response>;
  }
}

function tokensOf(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): OidcTokens {
  const expiresIn = response.expiresIn();
  return {
    idToken: response.id_token ?? '',
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    expiresAt: expiresIn === undefined ? undefined : Math.floor(Date.now() / 1000) + expiresIn,
  };
}
