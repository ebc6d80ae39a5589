import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HarborError } from '@harbor-ts/errors';
import { AuthenticationService } from './authentication.service.js';
import {
  basicCredentials,
  bearerToken,
  cookieValue,
  CSRF_HEADER,
  isUnsafeMethod,
  requestPath,
  SESSION_COOKIE,
} from './request-credentials.js';
import { SecurityContext } from './security-context.js';
import { SecurityContextFactory } from './security-context.factory.js';
import { csrfTokenMatches, SessionStore } from './session.store.js';

declare module 'fastify' {
  interface FastifyRequest {
    securityContext?: SecurityContext;
  }
}

// The Harbor API and the UI's session endpoints; /v2 and /service/token authenticate on their own.
const GUARDED_PREFIXES = ['/api/', '/c/'];
// Signing in is credentialed by the form itself (onboarding by the SameSite sign-in cookie), so a
// stale session cookie must not block it.
const CSRF_EXEMPT_PATHS = new Set(['/c/login', '/c/oidc/onboard']);

/**
 * Resolves the caller of every API request (an OIDC ID token as bearer, basic auth, the `sid`
 * session cookie, or anonymous),
 * enforces CSRF for cookie-authenticated unsafe requests, and leaves authorization to handlers.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionStore,
    private readonly contexts: SecurityContextFactory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const path = requestPath(request);
    if (!GUARDED_PREFIXES.some((prefix) => path.startsWith(prefix))) return true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    request.securityContext = await this.resolve(request, reply, path);
    return true;
  }

  private async resolve(
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
  ): Promise<SecurityContext> {
    const idToken = bearerToken(request);
    if (idToken) {
      const principal = await this.authentication.authenticateIdToken(idToken);
      if (!principal) throw HarborError.unauthorized('invalid credentials');
      return this.contexts.forPrincipal(principal);
    }
    const basic = basicCredentials(request);
    if (basic) {
      const principal = await this.authentication.authenticateBasic(basic.username, basic.password);
      if (!principal) throw HarborError.unauthorized('invalid credentials');
      return this.contexts.forPrincipal(principal);
    }
    const sid = cookieValue(request, SESSION_COOKIE);
    const session = sid ? await this.sessions.get(sid) : undefined;
    const user = session && (await this.authentication.userPrincipal(session.userId));
    if (!session || !user) return this.contexts.anonymous();
    void reply.header(CSRF_HEADER, session.csrfToken);
    if (isUnsafeMethod(request.method) && !CSRF_EXEMPT_PATHS.has(path)) {
      const sent = request.headers[CSRF_HEADER];
      if (!csrfTokenMatches(session, Array.isArray(sent) ? sent[0] : sent)) {
        throw HarborError.forbidden('CSRF token invalid');
      }
    }
    return this.contexts.forPrincipal(user);
  }
}
