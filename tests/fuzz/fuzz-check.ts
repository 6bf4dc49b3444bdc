import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fieldsOf, type FuzzCase } from './fuzz-cases.ts';
import { errorOf, type Footprint, type FuzzWorld } from './fuzz-world.ts';

/** What one call did, against the properties every call must keep. */
export interface Verdict {
  /** Every property the call broke, as sentences (empty when it kept them all). */
  readonly problems: readonly string[];
  readonly internal: boolean;
  /** The call was answered with a result, not an error. */
  readonly succeeded: boolean;
  /** An invalid call changed the footprint, or any call made an emulator write. */
  readonly wrote: boolean;
  /** The call has no `tool_call` result row of its own in the audit log. */
  readonly unaudited: boolean;
}

/** The longest error message a caller should get: a message echoes the field, never a 900 KB key. */
const MAX_MESSAGE = 2_000;
const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)/;

/** Whether the message names `name`: as written, or JSON-quoted (keys with control characters, quotes or lone surrogates). */
function names(message: string, name: string): boolean {
  const probe = Array.from(name).slice(0, 20).join('');
  const quoted = JSON.stringify(probe).slice(0, -1);
  return (probe.length > 0 && message.includes(probe)) || message.includes(quoted);
}

const emulatorWrites = (f: Footprint): string => `${f.intacctWrites}/${f.sage300Changes}`;
const all = (f: Footprint): string => JSON.stringify(f);

/** Runs one case through the MCP client of its principal and checks every property. */
export async function runCase(world: FuzzWorld, c: FuzzCase): Promise<Verdict> {
  const problems: string[] = [];
  const client = world.principals.find((p) => p.name === c.principal)?.client;
  if (!client) throw new Error(`no client for ${c.principal}`);
  const before = world.footprint();
  const head = world.auditHead();
  // What a client puts on the wire: JSON (NaN becomes null, undefined keys vanish, "__proto__" stays an own key).
  const args = JSON.parse(JSON.stringify(c.args)) as Record<string, unknown>;
  let result: CallToolResult | null = null;
  try {
    result = (await client.callTool({ name: c.tool, arguments: args })) as CallToolResult;
  } catch (err) {
    problems.push(`the MCP request itself failed: ${(err as Error).message.slice(0, 300)}`);
  }
  const after = world.footprint();
  const rows = world.callRowsAfter(head);

  const error = result ? errorOf(result) : null;
  const internal = error?.code === 'internal';
  if (internal) problems.push(`answered internal: ${error.message}`);
  if (error) {
    if (error.message.length > MAX_MESSAGE) problems.push(`the error message has ${error.message.length} characters`);
    if (STACK_TRACE.test(error.message)) problems.push(`the error message carries a stack trace: ${error.message.slice(0, 300)}`);
  }
  if (c.expect.kind === 'invalid' && result) {
    if (!error) problems.push(`an invalid call succeeded (expected ${c.expect.code} naming ${c.expect.names.slice(0, 40)})`);
    else {
      if (error.code !== c.expect.code) problems.push(`expected ${c.expect.code}, got ${error.code}: ${error.message.slice(0, 300)}`);
      if (!names(error.message, c.expect.names))
        problems.push(`the message does not name ${JSON.stringify(c.expect.names.slice(0, 40))}: ${error.message.slice(0, 300)}`);
    }
  }

  // A call its schema accepts may still be refused for what it names (an unknown company, a period outside the
  // fiscal calendar): the message names the field then too.
  if (c.expect.kind === 'valid' && error?.code === 'invalid_arguments' && !fieldsOf(c.tool).some((f) => names(error.message, f)))
    problems.push(`a refusal that names none of the fields ${fieldsOf(c.tool).join(', ')}: ${error.message.slice(0, 300)}`);

  const wrote = c.expect.kind === 'invalid' ? all(after) !== all(before) : emulatorWrites(after) !== emulatorWrites(before);
  if (wrote)
    problems.push(
      `${c.expect.kind === 'invalid' ? 'an invalid call changed' : 'a call wrote to an emulator'}: ${all(before)} -> ${all(after)}`,
    );

  const own = rows.filter((r) => r.principal === c.principal);
  const unaudited = rows.length !== 1 || own.length !== 1;
  if (unaudited) problems.push(`expected one audit row for the call, found ${rows.length} (${own.length} of ${c.principal})`);
  return { problems, internal, succeeded: result !== null && error === null, wrote, unaudited };
}

/** The figures of a fuzz run. */
export interface Tally {
  cases: number;
  byLabel: Record<string, number>;
  /** Milliseconds spent per label, to see where a run's time goes. */
  msByLabel: Record<string, number>;
  /** Calls meant to be valid that the server answered with a result (the rest were refused for what they name). */
  validSucceeded: number;
  internal: number;
  writes: number;
  unaudited: number;
  /** Cases that broke any property (the three above included). */
  failing: number;
  /** The first few failing cases, for the report. */
  examples: string[];
}

export const emptyTally = (): Tally => ({
  cases: 0,
  byLabel: {},
  msByLabel: {},
  validSucceeded: 0,
  internal: 0,
  writes: 0,
  unaudited: 0,
  failing: 0,
  examples: [],
});

/** Adds one case's verdict to the tally. */
export function count(tally: Tally, c: FuzzCase, v: Verdict, ms: number): void {
  tally.cases += 1;
  tally.byLabel[c.label] = (tally.byLabel[c.label] ?? 0) + 1;
  tally.msByLabel[c.label] = Math.round((tally.msByLabel[c.label] ?? 0) + ms);
  if (v.internal) tally.internal += 1;
  if (c.expect.kind === 'valid' && v.succeeded) tally.validSucceeded += 1;
  if (v.wrote) tally.writes += 1;
  if (v.unaudited) tally.unaudited += 1;
  if (v.problems.length > 0) {
    tally.failing += 1;
    if (tally.examples.length < 10) tally.examples.push(`${describeCase(c)}\n    ${v.problems.join('\n    ')}`);
  }
}

/** A case in one line, with long texts cut. */
export function describeCase(c: FuzzCase): string {
  const cut = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…[${s.length}]` : s);
  const args = JSON.stringify(c.args, (_k, v: unknown) => (typeof v === 'string' ? cut(v) : v));
  return `${c.label}: ${c.principal} -> ${JSON.stringify(cut(c.tool))} ${cut(args)}`;
}
