/**
 * A JSON value as payloads, cursors and audit details carry it. Amounts are decimal strings, never numbers
 * (canonicalJson in core/state refuses fractional numbers for that reason).
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };
