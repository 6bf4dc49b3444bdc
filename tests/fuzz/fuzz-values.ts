import fc from 'fast-check';

/** One argument as a tool lists it (the JSON Schema zod exports for tools/list). */
export interface FieldSchema {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: FieldSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** Strings a hostile or careless client sends: short, binary, tricky constants, lone surrogates, and huge ones. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 16 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\n\r\t',
      'null',
      'undefined',
      'constructor',
      'toString',
      'hasOwnProperty',
      "x'; DROP TABLE audit_events; --",
      '<x>&amp;</x>',
      '\u{1F600}',
      '\u202Eevil',
      'https://user:secret@example.com/',
      '\uD800',
      'a\uDC00b',
      '\uDFFF\uD800',
    ),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 1_000, maxLength: 5_000 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 20_000, max: 120_000 }), fc.constantFrom('x', '9', 'é', '\u{1F600}', '\uD800'))
      .map(([n, c]) => c.repeat(n)),
  },
);

/** An object key: any text, and the keys that reach JavaScript internals. */
const anyKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: anyText },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'valueOf') },
);

/** A nested object key: `__proto__` left out while the audit writer refuses it (see awaiting-audit-fix.ts). */
const nestedKey = anyKey;

const primitive: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  anyText,
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e300, -1e300, 5e-324),
);

/** Any JSON value a client can send (what survives JSON on the wire), nested a little. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: primitive },
  { weight: 1, arbitrary: fc.array(primitive, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(nestedKey, primitive, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nestedKey, fc.array(primitive, { maxLength: 2 }), { maxKeys: 2 }) },
);

/** Whether a JSON value has the field's declared type (a zod type check would pass). */
export function hasType(schema: FieldSchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    default:
      return true;
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** A real calendar date, mostly near the sandbox's data (2025-2027). */
export const realDate: fc.Arbitrary<string> = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A fiscal period YYYY-MM, mostly near the sandbox's data, sometimes at the edges of the pattern. */
export const period: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(fc.integer({ min: 2025, max: 2027 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad(m, 2)}`),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(0, 1, 1970, 9999), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${pad(y, 4)}-${pad(m, 2)}`),
  },
);

/** Texts that look like a period, date or instant but are not one. */
export const NEAR_MISS = {
  period: ['2026-13', '2026-00', '2026-3', '26-03', '2026-03 ', ' 2026-03', '2026/03', '２０２６-03', '2026-03-01', '2026-1a', '-2026-03'],
  date: [
    '2026-02-30',
    '2026-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-1-1',
    '0000-00-00',
    '2026-03-01T00:00:00Z',
    '20260301',
    '2026-03-01 ',
    'today',
    '',
    '９９９９-12-31',
  ],
  instant: [
    '1',
    '99999',
    'Tue',
    'March 7',
    '2026-02-30',
    '2026-02-30T00:00:00Z',
    '2026-03-01T25:00:00Z',
    '2026-03-01T10:00:00+25:00',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
    '2026-03-01T00:00',
    '',
    'NaN',
  ],
} as const;

/** A value of the field's declared type that breaks one of its constraints (range, length, pattern, enum, items). */
export function outOfRange(schema: FieldSchema): fc.Arbitrary<unknown> | null {
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? -MAX_SAFE;
    const max = schema.maximum ?? MAX_SAFE;
    if (min > -MAX_SAFE) options.push(fc.integer({ min: -MAX_SAFE, max: min - 1 }), fc.constant(min - 1));
    options.push(max < MAX_SAFE ? fc.integer({ min: max + 1, max: MAX_SAFE }) : fc.constantFrom(MAX_SAFE + 1, 2 ** 60, 1e300));
    if (schema.type === 'integer') options.push(fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) - 1 }).map((n) => n + 0.5));
  }
  if (schema.type === 'string') {
    if (schema.enum)
      options.push(
        anyText.filter((t) => !schema.enum!.includes(t)),
        fc.constantFrom(...schema.enum.map((e) => e.toUpperCase())),
      );
    if (schema.maxLength !== undefined) {
      const over = schema.maxLength + 1;
      options.push(fc.integer({ min: over, max: over + 3_000 }).map((n) => 'y'.repeat(n)));
    }
    if (schema.minLength !== undefined && schema.minLength > 0) options.push(fc.string({ maxLength: schema.minLength - 1 }));
    if (schema.pattern !== undefined) {
      const re = new RegExp(schema.pattern, 'u');
      options.push(anyText.filter((t) => !re.test(t)));
    }
  }
  if (schema.type === 'array') {
    if ((schema.minItems ?? 0) > 0) options.push(fc.constant([]));
    if (schema.maxItems !== undefined) options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, (_, i) => i + 1)));
    const bad = schema.items ? outOfRange(schema.items) : null;
    if (bad) options.push(fc.tuple(fc.integer({ min: 1, max: 99 }), bad).map(([ok, b]) => [ok, b]));
  }
  return options.length > 0 ? fc.oneof(...options) : null;
}

/** A value the field's listed schema accepts (zod refinements the JSON Schema cannot carry may still refuse it). */
export function withinSchema(schema: FieldSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -MAX_SAFE;
      const max = schema.maximum ?? MAX_SAFE;
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 50) }), fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'array':
      return fc.array(schema.items ? withinSchema(schema.items) : anyJson, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'string': {
      if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern));
      const minLength = schema.minLength ?? 0;
      const maxLength = schema.maxLength;
      const fits = (t: string) => t.length >= minLength && (maxLength === undefined || t.length <= maxLength);
      return fc.oneof(
        anyText.filter(fits),
        fc
          .string({ minLength, maxLength: Math.min(maxLength ?? 40, 40) })

          .filter(fits),
      );
    }
    default:
      return anyJson;
  }
}
