import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { setCookie, deleteCookie } from 'hono/cookie';
import { parse as parseCookies } from 'hono/utils/cookie';
import { createSlidingWindows } from '../platform/sliding-window.ts';
import type { ConsoleDeps, ConsoleEnv, LiveSession } from './context.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import type { ConnectionInfo } from './node-bridge.ts';
import { registerAudit } from './pages/audit.ts';
import { registerChangeSet } from './pages/change-set.ts';
import { registerExceptions } from './pages/exceptions.ts';
import { registerInbox } from './pages/inbox.ts';
import { registerReconciliation } from './pages/reconciliation.ts';
import { registerRuns } from './pages/runs.ts';
import { createSessionStore, randomToken, sameToken } from './sessions.ts';

/** Console settings; the defaults suit a single-operator deployment. */
export interface ConsoleOptions {
  /** How long a sign-in lasts (default 8 hours). */
  readonly sessionTtlMs?: number;
  /** Sign-in attempts per remote address (default 10 per minute). */
  readonly signInBudget?: { readonly calls: number; readonly windowMs: number };
}

const SESSION_COOKIE = 'sb_console';
/** The sign-in form's double-submit token (there is no session yet to hold a synchronizer token). */
const SIGN_IN_COOKIE = 'sb_console_signin';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** One cookie of the request's Cookie header. */
const cookieOf = (header: string | undefined, name: string): string | undefined => (header ? parseCookies(header, name)[name] : undefined);

const STATIC: Readonly<Record<string, { type: string; body: string }>> = {
  'console.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./static/console.css', import.meta.url), 'utf8') },
  'console.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./static/console.js', import.meta.url), 'utf8') },
};

/** The console as a fetch handler: mounted by the HTTP server at /console, behind its Host and Origin checks. */
export function createConsole(
  deps: ConsoleDeps,
  options: ConsoleOptions = {},
): (request: Request, info: ConnectionInfo) => Promise<Response> {
  const ttlMs = options.sessionTtlMs ?? 8 * 60 * 60_000;
  const sessions = createSessionStore({ ttlMs });
  const signIns = createSlidingWindows(options.signInBudget ?? { calls: 10, windowMs: 60_000 });
  const log = deps.app.log.child({ module: 'console' });
  const router = new Hono<ConsoleEnv>();

  router.use('*', async (c, next) => {
    await next();
    c.res.headers.set('content-security-policy', CSP);
    c.res.headers.set('x-content-type-options', 'nosniff');
    c.res.headers.set('referrer-policy', 'no-referrer');
    c.res.headers.set('x-frame-options', 'DENY');
    c.res.headers.set('cross-origin-opener-policy', 'same-origin');
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });

  router.get('/console/static/:file', (c) => {
    const file = STATIC[c.req.param('file')];
    if (!file) return c.text('not found', 404);
    return c.body(file.body, 200, { 'content-type': file.type, 'cache-control': 'no-cache' });
  });

  const cookieOptions = (c: { env: ConnectionInfo }, maxAge: number) =>
    ({ httpOnly: true, sameSite: 'Strict', path: '/console', secure: c.env.secure, maxAge }) as const;

  const signInPage = (token: string, error?: string) =>
    page(
      { title: 'Sign in', ...(error ? { flash: { kind: 'error' as const, text: error } } : {}) },
      html`<h1>Sign in</h1>
        <p>
          Paste the bearer token of your principal. It is sent once in this form, checked, and never kept in the browser: a session cookie
          stands in for it.
        </p>
        <form method="post" action="/console/sign-in" class="stack">
          <input type="hidden" name="_signin" value="${token}" />
          <label for="token">Bearer token</label>
          <input id="token" name="token" type="password" autocomplete="off" required />
          <button type="submit">Sign in</button>
        </form>`,
    );

  router.get('/console/sign-in', (c) => {
    const token = randomToken();
    setCookie(c, SIGN_IN_COOKIE, token, cookieOptions(c, 600));
    return c.html(signInPage(token));
  });

  router.post('/console/sign-in', async (c) => {
    const over = signIns.take(c.env.remoteAddress);
    if (!over.ok) {
      const wait = Math.max(1, Math.ceil(over.error.retryAfterMs / 1000));
      c.header('retry-after', String(wait));
      return c.html(signInPage(randomToken(), `Too many sign-in attempts from this address; retry after ${wait}s.`), 429);
    }
    const form = await c.req.parseBody();
    const expected = cookieOf(c.req.header('cookie'), SIGN_IN_COOKIE);
    const fresh = randomToken();
    setCookie(c, SIGN_IN_COOKIE, fresh, cookieOptions(c, 600));
    if (expected === undefined || !sameToken(typeof form._signin === 'string' ? form._signin : undefined, expected))
      return c.html(signInPage(fresh, 'The sign-in form expired; sign in again.'), 403);
    const principal = typeof form.token === 'string' ? deps.app.principals.authenticate(form.token.trim()) : undefined;
    if (!principal) {
      log.info({ address: c.env.remoteAddress }, 'console sign-in refused');
      return c.html(signInPage(fresh, 'That token does not belong to any principal.'), 401);
    }
    const { id } = sessions.create(principal);
    deleteCookie(c, SIGN_IN_COOKIE, { path: '/console' });
    setCookie(c, SESSION_COOKIE, id, cookieOptions(c, Math.floor(ttlMs / 1000)));
    log.info({ principal: principal.name }, 'console sign-in');
    return c.redirect('/console', 303);
  });

  // Everything below needs a session; every POST needs the session's synchronizer token.
  router.use('/console/*', async (c, next) => {
    const session = sessions.get(cookieOf(c.req.header('cookie'), SESSION_COOKIE)) as LiveSession | undefined;
    if (!session) return c.redirect('/console/sign-in', 303);
    c.set('session', session);
    if (c.req.method === 'POST') {
      const form: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(await c.req.parseBody({ all: true }))) {
        const texts = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
        form[k] = Array.isArray(v) ? texts : (texts[0] ?? '');
      }
      const token = form._csrf;
      if (!sameToken(typeof token === 'string' ? token : undefined, session.csrf))
        return c.text('the form is missing its CSRF token or it does not belong to this session; reload the page', 403);
      c.set('form', form);
    }
    await next();
  });
  router.use('/console', async (c, next) => {
    const session = sessions.get(cookieOf(c.req.header('cookie'), SESSION_COOKIE)) as LiveSession | undefined;
    if (!session) return c.redirect('/console/sign-in', 303);
    c.set('session', session);
    await next();
  });

  router.post('/console/sign-out', (c) => {
    sessions.destroy(cookieOf(c.req.header('cookie'), SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/console' });
    return c.redirect('/console/sign-in', 303);
  });

  registerInbox(router, deps);
  registerChangeSet(router, deps);
  registerRuns(router, deps);
  registerExceptions(router, deps);
  registerAudit(router, deps);
  registerReconciliation(router, deps);

  router.notFound((c) => c.text('not found', 404));
  router.onError((err, c) => {
    log.error({ err: err.message, path: c.req.path }, 'console request failed');
    return c.text('internal error', 500);
  });

  return async (request, info) => router.fetch(request, info);
}
