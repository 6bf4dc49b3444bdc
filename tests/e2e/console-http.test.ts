import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { startHttpServer, type HttpServerHandle } from '../../src/server/http-server.ts';
import { startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let app: App;
let http: HttpServerHandle;
let base: string;
const SIGN_IN_BUDGET = 6;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  app = testApp(testConfig(sandbox, started.dir));
  http = await startHttpServer(app, {
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    allowedOrigins: [],
    maxBodyBytes: 64 * 1024,
    console: { signInBudget: { calls: SIGN_IN_BUDGET, windowMs: 60_000 } },
  });
  base = `http://127.0.0.1:${http.port}`;
});
afterAll(async () => {
  await http.close();
  await app.close();
  await sandbox.stop();
});

const cookie = (res: Response, name: string): string | undefined =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]
    ?.slice(name.length + 1);

/** The sign-in form's double-submit token (cookie and hidden field). */
async function signInForm(): Promise<string> {
  const res = await fetch(`${base}/console/sign-in`);
  const token = cookie(res, 'sb_console_signin');
  expect(await res.text()).toContain(`value="${token}"`);
  return token!;
}

async function postSignIn(fields: Record<string, string>, pre?: string): Promise<Response> {
  return fetch(`${base}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(pre ? { cookie: `sb_console_signin=${pre}` } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Signs in and returns the session cookie and the page's CSRF token. */
async function session(principal: string): Promise<{ id: string; csrf: string }> {
  const pre = await signInForm();
  const res = await postSignIn({ _signin: pre, token: sandbox.prepared.tokens[principal]! }, pre);
  expect(res.status).toBe(303);
  const id = cookie(res, 'sb_console')!;
  const page = await (await fetch(`${base}/console`, { headers: { cookie: `sb_console=${id}` } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  return { id, csrf: csrf! };
}

describe('console security over HTTP', () => {
  it('sends every page with a strict CSP and no-referrer, and redirects strangers to sign in', async () => {
    const res = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in');
    const page = await fetch(`${base}/console/sign-in`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
  });

  it('signs in from a posted token into an HttpOnly, SameSite=Strict session cookie scoped to /console', async () => {
    const pre = await signInForm();
    const res = await postSignIn({ _signin: pre, token: sandbox.prepared.tokens.approver! }, pre);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    const set = res.headers.getSetCookie().find((c) => c.startsWith('sb_console='))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\/console/);
    expect(set).toMatch(/Max-Age=\d+/);
    expect(set).not.toContain(sandbox.prepared.tokens.approver!);
  });

  it('refuses a sign-in without its form token, and a wrong bearer token', async () => {
    expect((await postSignIn({ token: sandbox.prepared.tokens.approver! })).status).toBe(403);
    const pre = await signInForm();
    expect((await postSignIn({ _signin: pre, token: 'not-a-token' }, pre)).status).toBe(401);
  });

  it('refuses a POST without the session CSRF token before anything is called, and one from a foreign origin', async () => {
    const s = await session('auditor');
    const before = app.audit.query({}).length;
    const noToken = await fetch(`${base}/console/exceptions/retry`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sb_console=${s.id}` },
      body: 'exception_ids=1',
    });
    expect(noToken.status).toBe(403);
    expect(app.audit.query({}).length).toBe(before);
    const foreign = await fetch(`${base}/console/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sb_console=${s.id}`, origin: 'http://evil.example' },
      body: `_csrf=${s.csrf}`,
    });
    expect(foreign.status).toBe(403);
    const nullOrigin = await fetch(`${base}/console/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `sb_console=${s.id}`,
        origin: 'null',
        'sec-fetch-site': 'cross-site',
      },
      body: `_csrf=${s.csrf}`,
    });
    expect(nullOrigin.status).toBe(403);
    // fetch cannot forge Host; node's own client can.
    const foreignHost = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/console/sign-in`, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(foreignHost).toBe(403);
    // Signing out with the token ends the session for good.
    const out = await fetch(`${base}/console/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sb_console=${s.id}` },
      body: `_csrf=${s.csrf}`,
    });
    expect(out.status).toBe(303);
    expect((await fetch(`${base}/console`, { redirect: 'manual', headers: { cookie: `sb_console=${s.id}` } })).status).toBe(303);
  });

  it('answers a principal without the role with forbidden, as MCP does', async () => {
    const s = await session('analyst');
    const res = await fetch(`${base}/console/audit`, { headers: { cookie: `sb_console=${s.id}` } });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/forbidden: tool &quot;query_audit_log&quot; is not available to analyst/);
  });

  it('resolves an exception with a reason through the governor, and streams the progress of a change set as server-sent events', async () => {
    const agent = app.principals.byName('agent')!;
    const planned = await app.governor.call(agent, 'post_journal_entries', { period: '2026-03' }, { via: 'test' });
    if (!planned.ok) throw new Error(planned.error.message);
    const id = planned.output.change_set_id as number;
    const open = app.store.exceptions.list({ status: 'open' });
    expect(open.length).toBeGreaterThan(0);
    const s = await session('analyst');
    const res = await fetch(`${base}/console/exceptions/${open[0]!.id}/resolve`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sb_console=${s.id}` },
      body: new URLSearchParams({ _csrf: s.csrf, reason: 'stays in Sage 300: test' }).toString(),
    });
    expect(res.status).toBe(303);
    expect(app.store.exceptions.list({ status: 'resolved' }).map((e) => e.id)).toContain(open[0]!.id);
    const row = app.audit.query({ action: 'resolve_exception' }).at(-1)!;
    expect(row.principal).toBe('analyst');
    expect((row.detail as { via: string }).via).toBe('console');

    const stream = await fetch(`${base}/console/runs/${id}/events`, { headers: { cookie: `sb_console=${s.id}` } });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await stream.text();
    const total = app.store.changeSets.items(id).length;
    expect(text).toContain('event: progress');
    expect(JSON.parse(/data: (.*)/.exec(text)![1]!)).toEqual({ status: 'planned', sent: 0, left: total, total });
  });

  it('rate-limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_BUDGET + 2; i++) {
      const pre = await signInForm();
      statuses.push((await postSignIn({ _signin: pre, token: 'wrong' }, pre)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    const pre = await signInForm();
    const limited = await postSignIn({ _signin: pre, token: sandbox.prepared.tokens.approver! }, pre);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
