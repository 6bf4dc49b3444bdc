/**
 * Compact, data-only description of Sage 300 tables. Each table is declared once as a list of
 * `NAME SPEC` pairs; the DDL, the CHAR width map and the row-normaliser are all derived from it,
 * so the column list can never drift between "what the DDL says" and "what insertRow pads".
 *
 * Column spec mini-language (SQL Server type in brackets):
 *   C<n>      CHAR(n)                         stored as TEXT right-padded to n
 *   N<p>      DECIMAL(p,0)  counters, seqs    stored as INTEGER
 *   N<p>.<s>  DECIMAL(p,s)  amounts, rates    stored as TEXT with exactly s decimals
 *   D         DECIMAL(9,0)  Sage Date         stored as INTEGER YYYYMMDD (0 = none)
 *   T         DECIMAL(9,0)  Sage Time         stored as INTEGER HHMMSSCC (no leading zero)
 *   S         SMALLINT      Integer/Boolean   stored as INTEGER
 *   I         INT           Long              stored as INTEGER
 */

type ColumnKind = 'char' | 'decimal' | 'date' | 'time' | 'smallint' | 'int';

export interface ColumnDef {
  readonly name: string;
  readonly kind: ColumnKind;
  /** CHAR width, or DECIMAL precision. */
  readonly width: number;
  /** DECIMAL scale (0 for every non-decimal kind). */
  readonly scale: number;
  /** The type as SQL Server declares it, e.g. `CHAR(12)`, `DECIMAL(19,3)`. */
  readonly sqlServerType: string;
}

export interface TableDef {
  readonly name: string;
  readonly primaryKey: readonly string[];
  readonly columns: readonly ColumnDef[];
  /** Secondary indexes: each an ordered column list; `unique` when Sage declares the key unique. */
  readonly indexes: readonly { readonly columns: readonly string[]; readonly unique?: boolean }[];
}

export interface TableSpec {
  readonly key: readonly string[];
  /** Whitespace/comma separated `NAME SPEC` pairs; `NAME{1..5}` expands to NAME1..NAME5. */
  readonly columns: string;
  readonly indexes?: readonly { readonly columns: readonly string[]; readonly unique?: boolean }[];
  /** Sage puts the audit stamp on nearly every table; default true. */
  readonly audit?: boolean;
}

const AUDIT_COLUMNS = 'AUDTDATE D, AUDTTIME T, AUDTUSER C8, AUDTORG C6';

function parseSpec(name: string, spec: string): ColumnDef {
  const char = /^C(\d+)$/.exec(spec);
  if (char) {
    const width = Number(char[1]);
    return { name, kind: 'char', width, scale: 0, sqlServerType: `CHAR(${width})` };
  }
  const dec = /^N(\d+)(?:\.(\d+))?$/.exec(spec);
  if (dec) {
    const width = Number(dec[1]);
    const scale = Number(dec[2] ?? 0);
    return { name, kind: 'decimal', width, scale, sqlServerType: `DECIMAL(${width},${scale})` };
  }
  switch (spec) {
    case 'D':
      return { name, kind: 'date', width: 9, scale: 0, sqlServerType: 'DECIMAL(9,0)' };
    case 'T':
      return { name, kind: 'time', width: 9, scale: 0, sqlServerType: 'DECIMAL(9,0)' };
    case 'S':
      return { name, kind: 'smallint', width: 5, scale: 0, sqlServerType: 'SMALLINT' };
    case 'I':
      return { name, kind: 'int', width: 10, scale: 0, sqlServerType: 'INT' };
    default:
      throw new Error(`column ${name}: unknown spec '${spec}'`);
  }
}

/** Expands `NAME{1..5} SPEC` / `NAME{01..10} SPEC` into one column per index. */
function expand(name: string): string[] {
  const m = /^(\w+)\{(\d+)\.\.(\d+)\}(\w*)$/.exec(name);
  if (!m) return [name];
  const [, head = '', fromText = '1', toText = '1', tail = ''] = m;
  const pad = fromText.length;
  const out: string[] = [];
  for (let i = Number(fromText); i <= Number(toText); i++) {
    out.push(`${head}${String(i).padStart(pad, '0')}${tail}`);
  }
  return out;
}

function parseColumns(text: string): ColumnDef[] {
  const parts = text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const cols: ColumnDef[] = [];
  for (const part of parts) {
    const [name, spec, extra] = part.split(/\s+/);
    if (name === undefined || spec === undefined || extra !== undefined) {
      throw new Error(`bad column declaration '${part}'`);
    }
    for (const n of expand(name)) cols.push(parseSpec(n, spec));
  }
  return cols;
}

/**
 * Builds a table definition. Sage places the audit stamp right after the key columns; we keep
 * that order so `SELECT *` looks like the real table.
 */
export function defineTable(name: string, spec: TableSpec): TableDef {
  const body = parseColumns(spec.columns);
  const keyCols = spec.key.map((k) => {
    const col = body.find((c) => c.name === k);
    if (!col) throw new Error(`${name}: key column ${k} not declared`);
    return col;
  });
  const rest = body.filter((c) => !spec.key.includes(c.name));
  const audit = spec.audit === false ? [] : parseColumns(AUDIT_COLUMNS);
  const columns = [...keyCols, ...audit, ...rest];
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new Error(`${name}: duplicate column ${c.name}`);
    seen.add(c.name);
  }
  for (const idx of spec.indexes ?? []) {
    for (const c of idx.columns) {
      if (!seen.has(c)) throw new Error(`${name}: index column ${c} not declared`);
    }
  }
  return { name, primaryKey: spec.key, columns, indexes: spec.indexes ?? [] };
}
