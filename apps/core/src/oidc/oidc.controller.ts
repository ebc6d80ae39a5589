import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { CoreConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { cookieValue, CSRF_HEADER, SESSION_COOKIE } from '../auth/request-credentials.js';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { validate } from '../common/validation.js';
import { sessionCookie } from '../sessions/session-cookie.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { ConfigurationService } from '../system/configuration.service.js';
import { OIDC_LOGIN_COOKIE, OidcLoginStore, PENDING_TTL_SECONDS } from './oidc-login.store.js';
import { OidcProviderClient } from './oidc-provider.client.js';
import { OidcSignIn } from './oidc-sign-in.service.js';
import { OidcUsersService } from './oidc-users.service.js';
import { isLocalPath } from './local-path.js';

const onboardSchema = z.object({ username: z.string() });

/** Harbor's `/c/oidc/*`: sign in at the provider, come back, onboard, sign out (at the provider too). */
@Controller('c/oidc')
export class OidcController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
    private readonly configuration: ConfigurationService,
    private readonly provider: OidcProviderClient,
    private readonly signIn: OidcSignIn,
    private readonly users: OidcUsersService,
    private readonly logins: OidcLoginStore,
    private readonly sessions: SessionsService,
  ) {}

  /** Redirects to the provider with state, nonce and a PKCE challenge kept server-side for the callback. */
  @Get('login')
  async redirectLogin(@Query('redirect_url') redirectUrl: string | undefined, @Res() reply: FastifyReply) {
    await this.requireOidcMode();
    if (redirectUrl && !isLocalPath(redirectUrl))
      throw HarborError.badRequest('cannot redirect to other site');
    const settings = await this.provider.settings();
    const providerConfig = await this.provider.config(settings);
    const pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      redirectUrl: redirectUrl ?? '',
    };
    const url = this.provider.authorizationUrl(providerConfig, settings, this.callbackUrl(), {
      ...pending,
      codeChallenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    });
    const id = await this.logins.save('login', pending);
    return reply.header('set-cookie', this.pendingCookie(id)).redirect(url.toString(), 302);
  }

  @Get('callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.requireOidcMode();
    const query = request.query as Record<string, string | undefined>;
    const pending = await this.logins.takeLogin(cookieValue(request, OIDC_LOGIN_COOKIE));
    if (!pending || query.state !== pending.state) throw HarborError.badRequest('State mismatch');
    if (query.error) {
      throw HarborError.badRequest(
        `OIDC callback returned error: ${query.error} - ${query.error_description ?? ''}`,
      );
    }
    const settings = await this.provider.settings();
    let result;
    try {
      const callbackUrl = new URL(this.callbackUrl());
      callbackUrl.search = new URL(request.url, 'http://local').search;
      result = await this.signIn.completeLogin(settings, callbackUrl, pending);
    } catch (error) {
      throw HarborError.badRequest(`failed to sign in with the OIDC provider: ${providerFailure(error)}`);
    }
    const { info, tokens } = result;
    const redirectTo = pending.redirectUrl || '/';
    let userId = await this.users.bySubIss(info);
    if (userId === undefined) {
      const username = info.username.replace(/ /g, '_');
      if (!settings.autoOnboard) {
        const id = await this.logins.save('onboard', { info, tokens, redirectUrl: pending.redirectUrl });
        const params = new URLSearchParams({ username, redirect_url: pending.redirectUrl });
        return reply
          .header('set-cookie', this.pendingCookie(id))
          .redirect(`/oidc-onboard?${params.toString()}`, 302);
      }
      if (!username) {
        throw HarborError.badRequest(
          `unable to recover username for auto onboard, username claim: ${settings.userClaim || 'name'}`,
        );
      }
      userId = await this.users.onboard(info, username, tokens, settings.groupFilter);
    } else {
      await this.users.signedInAgain(userId, info, tokens, settings.groupFilter);
    }
    await this.startSession(request, reply, userId);
    return reply.header('set-cookie', this.pendingCookie('', 0)).redirect(redirectTo, 302);
  }

  /** The username form's submission, when auto onboarding is off. */
  @Post('onboard')
  @HttpCode(200)
  async onboard(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    await this.requireOidcMode();
    const { username } = validate(onboardSchema, body);
    const recordId = cookieValue(request, OIDC_LOGIN_COOKIE);
    const pending = await this.logins.readOnboarding(recordId);
    if (!pending || !recordId) throw HarborError.badRequest('Failed to get OIDC user info from session');
    const settings = await this.provider.settings();
    // A taken or invalid username throws here and keeps the record, so another one can be tried.
    const userId = await this.users.onboard(pending.info, username, pending.tokens, settings.groupFilter);
    await this.logins.discardOnboarding(recordId);
    await this.startSession(request, reply, userId);
    void reply.header('set-cookie', this.pendingCookie('', 0));
  }

  /** Harbor's RedirectLogout: ends the session, and the provider's too when `oidc_logout` is on. */
  @Get('logout')
  async logout(
    @Security() security: SecurityContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const signInPage = `${this.config.externalUrl}/account/sign-in`;
    const userId = security.userId;
    await this.sessions.signOut(security, cookieValue(request, SESSION_COOKIE));
    void reply.header('set-cookie', sessionCookie(this.config.externalUrl, '', 0));
    const settings = await this.provider.settings();
    const tokens = userId === undefined ? undefined : await this.users.tokens(userId);
    if ((await this.configuration.get('auth_mode')) !== 'oidc_auth' || !settings.logout || !tokens?.idToken) {
      return reply.redirect('/account/sign-in', 302);
    }
    const providerConfig = await this.provider.config(settings);
    const endSession = this.provider.endSessionUrl(providerConfig, tokens.idToken, signInPage);
    return reply.redirect(endSession ? endSession.toString() : '/account/sign-in', 302);
  }

  private async startSession(request: FastifyRequest, reply: FastifyReply, userId: number) {
    const user = await this.users.identity(userId);
    const { sid, csrfToken } = await this.sessions.begin(user, cookieValue(request, SESSION_COOKIE));
    void reply
      .header('set-cookie', sessionCookie(this.config.externalUrl, sid))
      .header(CSRF_HEADER, csrfToken);
  }

  private pendingCookie(id: string, maxAge = PENDING_TTL_SECONDS) {
    return sessionCookie(this.config.externalUrl, id, maxAge, OIDC_LOGIN_COOKIE);
  }

  private callbackUrl(): string {
    return `${this.config.externalUrl.replace(/\/+$/, '')}/c/oidc/callback`;
  }

  private async requireOidcMode() {
    const mode = await this.configuration.get('auth_mode');
    if (mode !== 'oidc_auth') throw HarborError.precondition(`auth mode: ${mode} is not OIDC based`);
  }
}

/** The provider's or openid-client's reason, with the check that failed (nonce, issuer, audience...). */
function providerFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
