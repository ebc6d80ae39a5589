import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { AuditLogService } from '../audit-logs/audit-log.service.js';
import { principalName } from '../auth/principal.js';
import { Security } from '../auth/security.decorator.js';
import type { SecurityContext } from '../auth/security-context.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CoreConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { AuthenticationService } from '../auth/authentication.service.js';
import { cookieValue, CSRF_HEADER, SESSION_COOKIE } from '../auth/request-credentials.js';
import { SessionStore } from '../auth/session.store.js';

const loginForm = z.object({ principal: z.string().min(1), password: z.string().min(1) });

/** The UI's sign-in (`/c/login`, a form post) and sign-out, backed by a Redis session. */
@Controller('c')
export class SessionsController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionStore,
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
    private readonly auditLogs: AuditLogService,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const form = loginForm.safeParse(body);
    // One message for every failure, so the answer never says whether the user exists.
    if (!form.success) throw HarborError.unauthorized('invalid username or password');
    const user = await this.authentication.authenticateUser(form.data.principal, form.data.password, {
      allowEmail: true,
    });
    if (!user) throw HarborError.unauthorized('invalid username or password');
    // A fresh session id on every sign-in; the one the browser held before is ended (no session fixation).
    const previous = cookieValue(request, SESSION_COOKIE);
    if (previous) await this.sessions.destroy(previous);
    const { sid, session } = await this.sessions.create(user.userId);
    void reply.header('set-cookie', this.cookie(sid)).header(CSRF_HEADER, session.csrfToken);
    await this.auditLogs.record({
      operator: user.username,
      projectId: 0,
      resourceType: 'user',
      resource: user.username,
      operation: 'login',
    });
  }

  @Get('log_out')
  async logout(
    @Security() security: SecurityContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const sid = cookieValue(request, SESSION_COOKIE);
    if (sid) await this.sessions.destroy(sid);
    void reply.header('set-cookie', this.cookie('', 0));
    if (security.isAuthenticated())
      await this.auditLogs.record({
        operator: security,
        projectId: 0,
        resourceType: 'user',
        resource: principalName(security.principal),
        operation: 'logout',
      });
  }

  /** A browser-session cookie: its lifetime is the Redis session's, which every request extends. */
  private cookie(value: string, maxAgeSeconds?: number): string {
    const secure = this.config.externalUrl.startsWith('https:') ? '; Secure' : '';
    const maxAge = maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`;
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${maxAge}${secure}`;
  }
}
