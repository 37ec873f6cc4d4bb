// A browser for single sign-on tests: follows redirects between the console (through `app.inject`) and the test
// identity provider (over HTTP), keeps each side's cookies, and fills in the provider's own login form.
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../app';

/** The console's origin in the tests' OIDC settings: `inject` answers for it, no port needed. */
export const TEST_CONSOLE_ORIGIN = 'http://127.0.0.1';

type Jar = Map<string, string>;

function isConsole(url: string): boolean {
  return !/^https?:/.test(url) || new URL(url).origin === TEST_CONSOLE_ORIGIN;
}

function remember(jar: Jar, setCookies: readonly string[]): void {
  for (const line of setCookies) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

function cookieHeader(jar: Jar): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

export interface ConsoleAnswer {
  status: number;
  location: string | undefined;
  json: unknown;
}

export class OidcTestBrowser {
  /** The console's cookies (`pc_session`, `pc_oidc`). */
  readonly consoleCookies: Jar = new Map();
  private readonly idpCookies: Jar = new Map();

  constructor(private app: App) {}

  /** Later console requests go to `app`: another replica behind the same address. */
  switchTo(app: App): void {
    this.app = app;
  }

  /** A GET to the console, as this browser; `accept: text/html` when it navigates like a page. */
  async console(url: string, options: { page?: boolean; cookies?: Jar } = {}): Promise<ConsoleAnswer> {
    const jar = options.cookies ?? this.consoleCookies;
    const response: LightMyRequestResponse = await this.app.inject({
      method: 'GET',
      url: /^https?:/.test(url) ? url.slice(new URL(url).origin.length) : url,
      headers: { cookie: cookieHeader(jar), ...(options.page ? { accept: 'text/html' } : {}) },
    });
    const setCookie = response.headers['set-cookie'];
    remember(jar, setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]);
    let json: unknown;
    try {
      json = response.json();
    } catch {
      json = undefined;
    }
    const location = response.headers.location;
    return {
      status: response.statusCode,
      location: typeof location === 'string' ? location : undefined,
      json,
    };
  }

  private async idp(url: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(this.idpCookies),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    remember(this.idpCookies, response.headers.getSetCookie());
    return response;
  }

  /**
   * Starts a sign-in at the console and signs in at the provider's login page; returns the URL the provider
   * sends the browser back to (the console's callback, not yet visited) and the provider's last page.
   */
  async authorize(
    email: string,
    password: string,
    returnTo = '/',
  ): Promise<{ callbackUrl: string; page: string }> {
    const start = await this.console(`/api/session/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
    if (start.status !== 302 || !start.location) throw new Error(`login answered ${start.status}`);
    let url = start.location;
    let page = '';
    for (let hop = 0; hop < 12; hop += 1) {
      if (isConsole(url)) return { callbackUrl: url, page };
      const response = await this.idp(url);
      if (response.status >= 300 && response.status < 400) {
        url = new URL(response.headers.get('location') ?? '', url).toString();
        continue;
      }
      page = await response.text();
      const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
      if (response.status !== 200 || !action) return { callbackUrl: '', page };
      const posted = await this.idp(new URL(action, url).toString(), { email, password });
      if (posted.status === 200) return { callbackUrl: '', page: await posted.text() };
      url = new URL(posted.headers.get('location') ?? '', url).toString();
    }
    throw new Error('too many redirects');
  }

  /** A whole sign-in: the provider's page, then the console's callback. */
  async signIn(email: string, password: string): Promise<ConsoleAnswer> {
    const { callbackUrl, page } = await this.authorize(email, password);
    if (!callbackUrl) throw new Error(`the provider did not send the browser back: ${page.slice(0, 200)}`);
    return this.console(callbackUrl);
  }
}
