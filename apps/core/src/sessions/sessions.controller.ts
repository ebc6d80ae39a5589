import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CoreConfig } from '@harbor-ts/config';
import { HarborError } from '@harbor-ts/errors';
import { SERVICE_CONFIG } from '@harbor-ts/runtime';
import { cookieValue, CSRF_HEADER, SESSION_COOKIE } from '../auth/request-credentials.js';
import { Security } from '../auth/security.decorator.js';
import type { SecurityContext } from '../auth/security-context.js';
import { sessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';

const loginForm = z.object({ principal: z.string().min(1), password: z.string().min(1) });

/** The UI's sign-in (`/c/login`, a form post) and sign-out, backed by a Redis session. */
@Controller('c')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(SERVICE_CONFIG) private readonly config: CoreConfig,
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
    const signedIn = await this.sessions.signIn(
      form.data.principal,
      form.data.password,
      cookieValue(request, SESSION_COOKIE),
    );
    if (!signedIn) throw HarborError.unauthorized('invalid username or password');
    void reply
      .header('set-cookie', sessionCookie(this.config.externalUrl, signedIn.sid))
      .header(CSRF_HEADER, signedIn.csrfToken);
  }

  @Get('log_out')
  async logout(
    @Security() security: SecurityContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.signOut(security, cookieValue(request, SESSION_COOKIE));
    void reply.header('set-cookie', sessionCookie(this.config.externalUrl, '', 0));
  }
}
