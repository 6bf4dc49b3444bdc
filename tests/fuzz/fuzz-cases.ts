import fc from 'fast-check';
import { z } from 'zod';
import { TOOLS } from '../../tools/index.ts';
import { anyJson, anyText, hasType, NEAR_MISS, outOfRange, period, realDate, withinSchema, type FieldSchema } from './fuzz-values.ts';
import type { FuzzWorld } from './fuzz-world.ts';

/** A tool as a client sees it in tools/list: its name, who may call it, and its input JSON Schema. */
interface ToolShape {
  readonly name: string;
  readonly roles: readonly string[];
  readonly fields: Readonly<Record<string, FieldSchema>>;
  readonly required: readonly string[];
  /** The period / from+to / incremental selection (a zod refinement the JSON Schema cannot carry). */
  readonly selection: boolean;
}

const SELECTION_FIELDS = new Set(['period', 'from', 'to', 'incremental']);

/**
 * The tools an MCP client is offered. Those restricted to other transports (the console's confirm_change_set) are
 * neither listed nor callable over MCP; tests/e2e/mcp-human-gate.test.ts checks that they are refused.
 */
export const MCP_TOOLS = TOOLS.filter((t) => t.transports === undefined);

const SHAPES: readonly ToolShape[] = MCP_TOOLS.map((t) => {
  const schema = z.toJSONSchema(t.input, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, FieldSchema>;
    required?: string[];
  };
  const fields = schema.properties ?? {};
  return { name: t.name, roles: t.roles, fields, required: schema.required ?? [], selection: 'period' in fields && 'from' in fields };
});
const TOOL_NAMES = new Set(SHAPES.map((s) => s.name));

/** The fields a tool declares (none for an unknown tool). */
export const fieldsOf = (tool: string): readonly string[] => Object.keys(SHAPES.find((s) => s.name === tool)?.fields ?? {});

/**
 * What a case must come back as. `valid`: the listed schema accepts the call, so any answer but `internal` will do
 * (an unknown company or a period outside the fiscal calendar is still refused, naming the field). `invalid`: the
 * call breaks the schema, a refinement, the roles or the tool list, so it must fail with `code` and name `names`.
 */
type Expectation = { readonly kind: 'valid' } | { readonly kind: 'invalid'; readonly code: string; readonly names: string };

export interface FuzzCase {
  /** What was done to the call (valid, wrong_type, out_of_range, missing, selection, extra_key, wrong_principal, unknown_tool). */
  readonly label: string;
  readonly principal: string;
  readonly tool: string;
  readonly args: Record<string, unknown>;
  readonly expect: Expectation;
}

/** An object with an own "__proto__" key, as JSON.parse builds it from a client's request. */
const protoKey = (value: unknown): Record<string, unknown> =>
  JSON.parse(`{"__proto__":${JSON.stringify(value)}}`) as Record<string, unknown>;
const invalid = (names: string, code = 'invalid_arguments'): Expectation => ({ kind: 'invalid', code, names });
const addDays = (date: string, days: number): string =>
  new Date(new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);
const instant = fc.oneof(
  realDate,
  fc
    .tuple(realDate, fc.integer({ min: 0, max: 86_399 }), fc.constantFrom('Z', '+02:00', '-05:30', '.123Z'))
    .map(([d, s, zone]) => `${d}T${new Date(s * 1000).toISOString().slice(11, 19)}${zone}`),
);

/** The fuzz cases over the tools, for one world (its principals, company and pending change sets). */
export function fuzzCase(world: Pick<FuzzWorld, 'principals' | 'pendingChangeSets' | 'app'>): fc.Arbitrary<FuzzCase> {
  const company = world.app.config.sage300.companies[0]!.key;
  const allowed = (shape: ToolShape) => world.principals.filter((p) => p.roles.some((r) => shape.roles.includes(r))).map((p) => p.name);
  const barred = (shape: ToolShape) => world.principals.filter((p) => !p.roles.some((r) => shape.roles.includes(r))).map((p) => p.name);
  const changeSetIds = world.pendingChangeSets;

  /**
   * A value the tool accepts for the field, using what the field means where the JSON Schema cannot say. A call meant
   * to be valid previews (dry_run) and approves or rejects beside the pending change sets, so that those stay pending
   * all run; a call about to be broken aims at them, so a broken approval that executed anything would be seen.
   */
  const validField = (shape: ToolShape, field: string, schema: FieldSchema, toBreak: boolean): fc.Arbitrary<unknown> => {
    if (field === 'period') return period;
    if (field === 'as_of') return realDate;
    if (shape.name === 'query_audit_log' && (field === 'from' || field === 'to')) return instant;
    if (field === 'company')
      return fc.oneof({ weight: 4, arbitrary: fc.constant(company) }, { weight: 1, arbitrary: withinSchema(schema) });
    if (field === 'dry_run' && !toBreak) return fc.constant(true);
    if (field === 'change_set_id' && toBreak) return fc.constantFrom(...changeSetIds);
    if (field === 'change_set_id' && (shape.name === 'approve_change_set' || shape.name === 'reject_change_set'))
      return fc.integer({ min: 1_000_000, max: Number.MAX_SAFE_INTEGER });
    if (field === 'change_set_id') return fc.oneof(fc.constantFrom(...changeSetIds), withinSchema(schema));
    return withinSchema(schema);
  };

  /** Valid arguments: the optional fields present or not, and for selection tools exactly one selection. */
  const validArgs = (shape: ToolShape, toBreak: boolean): fc.Arbitrary<Record<string, unknown>> => {
    const plain = Object.entries(shape.fields).filter(([f]) => !(shape.selection && SELECTION_FIELDS.has(f)));
    const forced = toBreak ? [] : plain.filter(([f]) => f === 'dry_run').map(([f]) => f);
    const record = fc.record(Object.fromEntries(plain.map(([f, s]) => [f, validField(shape, f, s, toBreak)])), {
      requiredKeys: [...shape.required.filter((f) => plain.some(([p]) => p === f)), ...forced],
    });
    if (!shape.selection) return record;
    const selections: fc.Arbitrary<Record<string, unknown>>[] = [
      period.map((p) => ({ period: p })),
      fc.tuple(realDate, fc.integer({ min: 0, max: 40 })).map(([from, days]) => ({ from, to: addDays(from, days) })),
    ];
    if ('incremental' in shape.fields) selections.push(fc.constant({ incremental: true }));
    return fc.tuple(record, fc.oneof(...selections)).map(([r, s]) => ({ ...r, ...s }));
  };

  /** Sets one field to a bad value, and for a selection field makes it the selection actually given. */
  const withField = (shape: ToolShape, args: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> => {
    const out = { ...args, [field]: value };
    if (shape.selection && SELECTION_FIELDS.has(field)) {
      for (const f of SELECTION_FIELDS)
        if (f !== field && !(field === 'from' && f === 'to') && !(field === 'to' && f === 'from')) delete out[f];
      if (field === 'from') out.to = '2026-03-31';
      if (field === 'to') out.from = '2026-03-01';
    }
    return out;
  };

  /** Bad values of the field's type: its constraints broken, and the near misses of what the field means. */
  const badOfType = (shape: ToolShape, field: string, schema: FieldSchema): fc.Arbitrary<unknown> | null => {
    const near: fc.Arbitrary<unknown>[] = [];
    if (field === 'period') near.push(fc.constantFrom(...NEAR_MISS.period));
    if (field === 'as_of' || (shape.selection && (field === 'from' || field === 'to'))) near.push(fc.constantFrom(...NEAR_MISS.date));
    if (shape.name === 'query_audit_log' && (field === 'from' || field === 'to')) near.push(fc.constantFrom(...NEAR_MISS.instant));
    if (field === 'after_seq') near.push(fc.constantFrom(Number.MAX_SAFE_INTEGER, -1));
    const ranged = outOfRange(schema);
    if (ranged) near.push(ranged);
    return near.length > 0 ? fc.oneof(...near) : null;
  };

  const forShape = (shape: ToolShape): fc.Arbitrary<FuzzCase> => {
    const who = fc.constantFrom(...allowed(shape));
    const good = validArgs(shape, false);
    const base = validArgs(shape, true);
    const make = (label: string, principal: string, args: Record<string, unknown>, expect: Expectation): FuzzCase => ({
      label,
      principal,
      tool: shape.name,
      args,
      expect,
    });
    const kinds: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [];
    kinds.push({ weight: 2, arbitrary: fc.tuple(who, good).map(([p, a]) => make('valid', p, a, { kind: 'valid' })) });
    // A top-level "__proto__" never reaches the server (the SDK's request schema drops it): the call is the valid one.
    kinds.push({
      weight: 1,
      arbitrary: fc.tuple(who, good, anyJson).map(([p, a, v]) => make('valid', p, { ...a, ...protoKey(v) }, { kind: 'valid' })),
    });
    const fields = Object.entries(shape.fields);
    if (fields.length > 0) {
      const field = fc.constantFrom(...fields);
      kinds.push({
        weight: 10,
        arbitrary: fc
          .tuple(who, base, field)
          .chain(([p, a, [f, s]]) =>
            anyJson.filter((v) => !hasType(s, v)).map((v) => make('wrong_type', p, withField(shape, a, f, v), invalid(f))),
          ),
      });
      const ranged = fields.flatMap(([f, s]) => {
        const bad = badOfType(shape, f, s);
        return bad ? [bad.map((v) => [f, v] as const)] : [];
      });
      if (ranged.length > 0)
        kinds.push({
          weight: 10,
          arbitrary: fc
            .tuple(who, base, fc.oneof(...ranged))
            .map(([p, a, [f, v]]) => make('out_of_range', p, withField(shape, a, f, v), invalid(f))),
        });
    }
    if (shape.required.length > 0)
      kinds.push({
        weight: 2,
        arbitrary: fc.tuple(who, base, fc.constantFrom(...shape.required)).map(([p, a, f]) => {
          const { [f]: _gone, ...rest } = a;
          void _gone;
          return make('missing', p, rest, invalid(f));
        }),
      });
    if (shape.selection) {
      const broken: fc.Arbitrary<[Record<string, unknown>, string]>[] = [
        fc.constant([{}, 'period']),
        fc.constant([{ incremental: false }, 'period']),
        realDate.map((d) => [{ from: d }, 'to']),
        realDate.map((d) => [{ to: d }, 'from']),
        fc.tuple(period, realDate).map(([p, d]) => [{ period: p, from: d, to: d }, 'period']),
        fc.tuple(realDate, fc.integer({ min: 1, max: 400 })).map(([d, n]) => [{ from: addDays(d, n), to: d }, 'from']),
      ];
      if ('incremental' in shape.fields) broken.push(period.map((p) => [{ period: p, incremental: true }, 'period']));
      kinds.push({
        weight: 4,
        arbitrary: fc.tuple(who, base, fc.oneof(...broken)).map(([p, a, [sel, f]]) => {
          const rest = Object.fromEntries(Object.entries(a).filter(([k]) => !SELECTION_FIELDS.has(k)));
          return make('selection', p, { ...rest, ...sel }, invalid(f));
        }),
      });
    }
    const extraKey = anyText.filter((k) => !(k in shape.fields) && k !== '__proto__');
    kinds.push({
      weight: 6,
      arbitrary: fc.tuple(who, base, extraKey, anyJson).map(([p, a, k, v]) => make('extra_key', p, { ...a, [k]: v }, invalid(k))),
    });
    const outsiders = barred(shape);
    if (outsiders.length > 0)
      kinds.push({
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...outsiders), base)
          .map(([p, a]) => make('wrong_principal', p, a, invalid(shape.name, 'forbidden'))),
      });
    return fc.oneof(...kinds);
  };

  const unknownName = anyText.filter((n) => !TOOL_NAMES.has(n));
  const unknownTool = fc
    .tuple(fc.constantFrom(...world.principals.map((p) => p.name)), unknownName, fc.dictionary(anyText, anyJson, { maxKeys: 2 }))
    .map(([principal, tool, args]): FuzzCase => ({ label: 'unknown_tool', principal, tool, args, expect: invalid(tool, 'forbidden') }));

  return fc.oneof(
    { weight: SHAPES.length * 2, arbitrary: fc.constantFrom(...SHAPES).chain(forShape) },
    { weight: 1, arbitrary: unknownTool },
  );
}
