/**
 * What a browser does through an OIDC sign-in, with plain fetch: follows core's redirect to the
 * provider, fills the provider's login page, and stops at the redirect back to core's callback
 * (core's external URL is not where the test reaches it), returning that callback's query.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

async function get(url: string, jar: CookieJar): Promise<Response> {
  const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(response);
  return response;
}

/** Starts a sign-in at core; returns the provider URL it redirected to, or core's answer when it did not. */
export async function startLogin(coreUrl: string, jar: CookieJar, redirectUrl?: string) {
  const query = redirectUrl === undefined ? '' : `?redirect_url=${encodeURIComponent(redirectUrl)}`;
  const response = await get(`${coreUrl}/c/oidc/login${query}`, jar);
  return { response, providerUrl: response.headers.get('location') ?? '' };
}

/** Signs in at the provider's login page; returns the query core's callback was sent (code, state). */
export async function signInAtProvider(
  providerUrl: string,
  credentials: { username: string; password: string },
): Promise<URLSearchParams> {
  const jar = new CookieJar();
  let response = await get(providerUrl, jar);
  let location = new URL(response.headers.get('location')!, providerUrl).toString();
  response = await get(location, jar); // the login page
  if (response.status !== 200) throw new Error(`provider login page answered ${response.status}`);
  const posted = await fetch(location, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(credentials).toString(),
  });
  jar.take(posted);
  if (posted.status === 200) throw new Error('the provider refused the credentials');
  location = new URL(posted.headers.get('location')!, location).toString();
  // Resume the authorization; the provider then redirects to core's callback.
  for (let hop = 0; hop < 5; hop++) {
    response = await get(location, jar);
    const next = response.headers.get('location');
    if (!next) throw new Error(`provider stopped at ${location} with ${response.status}`);
    if (next.includes('/c/oidc/callback')) return new URL(next).searchParams;
    location = new URL(next, location).toString();
  }
  throw new Error('the provider never redirected back to core');
}

/** Calls core's callback with the provider's query and the browser's cookies. */
export function callback(coreUrl: string, jar: CookieJar, query: URLSearchParams) {
  return get(`${coreUrl}/c/oidc/callback?${query.toString()}`, jar);
}
