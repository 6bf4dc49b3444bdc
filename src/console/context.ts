import type { Context, Hono } from 'hono';
import type { Governor } from '../governance/governor.ts';
import { CONSOLE_TRANSPORT } from '../governance/console-link.ts';
import type { ToolSpec } from '../governance/tool-definition.ts';
import type { App } from '../server/app.ts';
import { page, type Flash, type NavItem } from './layout.ts';
import type { Html } from './html.ts';
import type { ConnectionInfo } from './node-bridge.ts';
import type { ConsoleSession } from './sessions.ts';

/** A signed-in session and the flash message it carries to its next page. */
export interface LiveSession extends ConsoleSession {
  flash?: Flash;
}

/** Hono's environment of the console: the connection, and after sign-in the session and the posted form. */
export interface ConsoleEnv {
  Bindings: ConnectionInfo;
  Variables: { session: LiveSession; form: Record<string, string | string[]> };
}

export type ConsoleRouter = Hono<ConsoleEnv>;
export type ConsoleContext = Context<ConsoleEnv>;

/** What every page uses: the app (governor, store for reads), the tool registry. */
export interface ConsoleDeps {
  readonly app: App;
  readonly tools: readonly ToolSpec[];
}

/** The transport label of every governed call the console makes (in the audit row's `via`). */
const CONSOLE_VIA = CONSOLE_TRANSPORT;

type Outcome = Awaited<ReturnType<Governor['call']>>;

/** One governed call as the signed-in principal: the same governor, roles, limits and audit rows as an MCP call. */
export function callTool(deps: ConsoleDeps, c: ConsoleContext, tool: string, args: Record<string, unknown>): Promise<Outcome> {
  return deps.app.governor.call(c.get('session').principal, tool, args, { via: CONSOLE_VIA });
}

/** Whether the signed-in principal may call the tool (pages and buttons appear only then). */
export const may = (deps: ConsoleDeps, c: ConsoleContext, tool: string): boolean =>
  deps.app.governor.toolsFor(c.get('session').principal, CONSOLE_VIA).some((t) => t.name === tool);

/** The console's pages, each behind the read tool that feeds it. */
const NAV: readonly (NavItem & { readonly tool: string })[] = [
  { href: '/console', label: 'Inbox', tool: 'list_change_sets' },
  { href: '/console/runs', label: 'Runs', tool: 'list_change_sets' },
  { href: '/console/exceptions', label: 'Exceptions', tool: 'list_exceptions' },
  { href: '/console/audit', label: 'Audit', tool: 'query_audit_log' },
  { href: '/console/reconciliation', label: 'Reconciliation', tool: 'reconcile_trial_balance' },
];

/** Renders a page for the signed-in principal (the flash, if any, is shown once). */
export function render(
  deps: ConsoleDeps,
  c: ConsoleContext,
  title: string,
  current: string,
  content: Html,
  status = 200,
): Response | Promise<Response> {
  const session = c.get('session');
  const flash = session.flash;
  delete session.flash;
  const nav = NAV.filter((n) => may(deps, c, n.tool));
  return c.html(page({ title, current, flash, user: { principal: session.principal, csrf: session.csrf, nav } }, content), status as 200);
}

/** Redirects after a POST with a message for the next page. */
export function redirectWith(c: ConsoleContext, to: string, flash: Flash): Response {
  c.get('session').flash = flash;
  return c.redirect(to, 303);
}

/** A form field as one string ('' when absent). */
export function field(c: ConsoleContext, name: string): string {
  const v = c.get('form')[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
}

/** The message of a failed governed call, as the MCP client would read it (`code: message`). */
export const failure = (o: Outcome): string => (o.ok ? '' : `${o.error.code}: ${o.error.message}`);

/** A positive integer route parameter, or undefined. */
export function idParam(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,14}$/.test(text)) return undefined;
  return Number(text);
}
