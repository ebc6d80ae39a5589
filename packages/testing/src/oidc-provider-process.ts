import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './free-port.js';

export interface OidcTestUser {
  sub: string;
  username: string;
  password: string;
  name?: string;
  email?: string;
  groups?: string[];
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

const SCOPES = ['openid', 'offline_access', 'email', 'profile', 'groups'];

/**
 * A real, certified OpenID provider (the `oidc-provider` package) on a free loopback port, with one
 * confidential client and a plain login page (`username`, `password`, "Sign in") that checks the given
 * users; consent is granted automatically. ID tokens carry `name`, `email` and `groups`.
 */
export async function startOidcProvider(options: {
  users: OidcTestUser[];
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}): Promise<OidcTestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const client = { clientId: 'harbor-ts', clientSecret: 'harbor-ts-client-secret-0123456789' };
  const bySub = new Map(options.users.map((user) => [user.sub, user]));
  const configuration: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    scopes: SCOPES,
    claims: {
      openid: ['sub'],
      email: ['email'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    // Scope claims go into the ID token too, as Keycloak and Dex put them there.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const user = bySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: user.name ?? user.username,
          preferred_username: user.username,
          ...(user.email ? { email: user.email } : {}),
          ...(user.groups ? { groups: user.groups } : {}),
        }),
      };
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    // Consent is given: every requested scope and claim is granted.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const clientId = oidc.client!.clientId;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope(SCOPES.join(' '));
      grant.addOIDCClaims(['name', 'preferred_username', 'email', 'groups']);
      await grant.save();
      return grant;
    },
  };
  // Loaded only here: importing oidc-provider (and koa) costs every other user of this package.
  const { default: OidcProvider } = await import('oidc-provider');
  const provider = new OidcProvider(issuer, configuration);
  const providerHandler = provider.callback();
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      void interaction(provider, options.users, req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    void providerHandler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    ...client,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The provider's login page: GET shows the form, POST checks the password and finishes the login. */
async function interaction(
  provider: Provider,
  users: OidcTestUser[],
  req: IncomingMessage,
  res: ServerResponse,
) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const user = users.find(
      (u) => u.username === form.get('username') && u.password === form.get('password'),
    );
    if (user) {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    return loginPage(res, details.uid, 'Invalid username or password');
  }
  return loginPage(res, details.uid);
}

function loginPage(res: ServerResponse, uid: string, error?: string) {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><title>Test provider sign-in</title>
<h1>Sign in to the test provider</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form>`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
