import { Injectable } from '@nestjs/common';
import { AuthenticationService } from '../auth/authentication.service.js';
import type { SecurityContext } from '../auth/security-context.js';
import { SessionStore } from '../auth/session.store.js';
import { CoreEvents } from '../events/core-events.js';
import { operatorOf } from '../events/operator.js';

/** Signing in to and out of a browser session; each is a `user` event (Harbor audits login and logout). */
@Injectable()
export class SessionsService {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionStore,
    private readonly events: CoreEvents,
  ) {}

  /** undefined for a wrong name or password. A fresh session id every time; `previous` is ended (no fixation). */
  async signIn(
    principal: string,
    password: string,
    previous: string | undefined,
  ): Promise<{ sid: string; csrfToken: string } | undefined> {
    const user = await this.authentication.authenticateUser(principal, password, {
      allowEmail: true,
      ui: true,
    });
    return user && this.begin(user, previous);
  }

  /** A new session for a user signed in by any means (password, directory, OIDC provider). */
  async begin(
    user: { userId: number; username: string },
    previous: string | undefined,
  ): Promise<{ sid: string; csrfToken: string }> {
    if (previous) await this.sessions.destroy(previous);
    const { sid, session } = await this.sessions.create(user.userId);
    await this.events.emit({
      type: 'user.logged_in',
      operator: user.username,
      projectId: 0,
      resource: user.username,
    });
    return { sid, csrfToken: session.csrfToken };
  }

  async signOut(security: SecurityContext, sid: string | undefined): Promise<void> {
    if (sid) await this.sessions.destroy(sid);
    if (!security.isAuthenticated()) return;
    const operator = operatorOf(security);
    await this.events.emit({ type: 'user.logged_out', operator, projectId: 0, resource: operator });
  }
}
