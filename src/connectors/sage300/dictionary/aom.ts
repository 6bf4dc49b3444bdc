/**
 * The shape of the Sage 300 column dictionary and the parser for its compact data notation.
 *
 * Every table is transcribed from Sage's Application Object Model (AOM): the view's key list (first key = primary
 * key; `[D]` = duplicates allowed) and its fields with their AOM types. AOM types map to SQL Server as the AOM
 * states: `String*n` = CHAR(n), `BCD*b.d` = DECIMAL(2b-1,d), `Date`/`Time` = DECIMAL(9,0), `Integer` and
 * `Boolean` = SMALLINT, `Long` = INT.
 *
 * A table lists the fields the project reads or the sandbox stores, every key column and the audit stamp; the
 * AOM view has more fields. A field taken from another source than the AOM is marked `unconfirmed` with the reason.
 */

type AomKind = 'char' | 'decimal' | 'date' | 'time' | 'smallint' | 'int';

export interface DictionaryField {
  readonly name: string;
  /** The type as the AOM writes it, e.g. `String*30`, `BCD*10.3`, `Date`. */
  readonly aomType: string;
  readonly kind: AomKind;
  /** CHAR width or DECIMAL precision (0 for SMALLINT/INT). */
  readonly width: number;
  /** DECIMAL scale (0 otherwise). */
  readonly scale: number;
  /** The SQL Server type, e.g. `CHAR(30)`, `DECIMAL(19,3)`, `DECIMAL(9,0)` for a Date. */
  readonly sqlServerType: string;
  /** Position in the primary key (1-based), or 0 when not part of it. */
  readonly primaryKeyOrder: number;
  /** Set when the field is not in the cited AOM view: the source that names it instead. */
  readonly unconfirmed?: string;
}

export interface DictionaryKey {
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface DictionaryTable {
  readonly table: string;
  /** AOM view id, e.g. `PM0081`. */
  readonly view: string;
  /** Where the table was transcribed from. */
  readonly source: string;
  /** AOM keys in AOM order; keys[0] is the primary key. */
  readonly keys: readonly DictionaryKey[];
  readonly fields: readonly DictionaryField[];
}

export interface TableSource {
  readonly view: string;
  readonly source: string;
  /** AOM key list, e.g. `['SEQ', 'WORKID', 'TRANSDATE [D,M]']`. */
  readonly keys: readonly string[];
  /** `NAME AomType` pairs separated by commas or new lines; `NAME{1..5}` expands to NAME1..NAME5. */
  readonly fields: string;
  /** Fields not in the AOM view, by name, with the source that names them. */
  readonly unconfirmed?: Readonly<Record<string, string>>;
}

const AUDIT_FIELDS = 'AUDTDATE Date, AUDTTIME Time, AUDTUSER String*8, AUDTORG String*6';

type FieldType = Pick<DictionaryField, 'kind' | 'width' | 'scale' | 'sqlServerType'>;

/** Parses an AOM type (`String*12`, `BCD*10.3`, `Date`, `Time`, `Integer`, `Boolean`, `Long`). */
function aomFieldType(aomType: string): FieldType {
  const str = /^String\*(\d+)$/.exec(aomType);
  if (str) return { kind: 'char', width: Number(str[1]), scale: 0, sqlServerType: `CHAR(${str[1]})` };
  const bcd = /^BCD\*(\d+)\.(\d+)$/.exec(aomType);
  if (bcd) {
    const precision = 2 * Number(bcd[1]) - 1;
    const scale = Number(bcd[2]);
    return { kind: 'decimal', width: precision, scale, sqlServerType: `DECIMAL(${precision},${scale})` };
  }
  switch (aomType) {
    case 'Date':
      return { kind: 'date', width: 9, scale: 0, sqlServerType: 'DECIMAL(9,0)' };
    case 'Time':
      return { kind: 'time', width: 9, scale: 0, sqlServerType: 'DECIMAL(9,0)' };
    case 'Integer':
    case 'Boolean':
      return { kind: 'smallint', width: 0, scale: 0, sqlServerType: 'SMALLINT' };
    case 'Long':
      return { kind: 'int', width: 0, scale: 0, sqlServerType: 'INT' };
    default:
      throw new Error(`unknown AOM type '${aomType}'`);
  }
}

function expand(name: string): string[] {
  const m = /^(\w+)\{(\d+)\.\.(\d+)\}$/.exec(name);
  if (!m) return [name];
  const [, head = '', from = '1', to = '1'] = m;
  const out: string[] = [];
  for (let i = Number(from); i <= Number(to); i++) out.push(`${head}${String(i).padStart(from.length, '0')}`);
  return out;
}

function parseKey(table: string, text: string): DictionaryKey {
  const m = /^([\w+]+)(?:\s+\[([DM,]+)\])?$/.exec(text.trim());
  if (!m) throw new Error(`${table}: bad key '${text}'`);
  const flags = (m[2] ?? '').split(',');
  return { columns: (m[1] ?? '').split('+'), unique: !flags.includes('D') };
}

/** Builds one dictionary table from its transcribed AOM data; the audit stamp follows the key as in the AOM. */
export function aomTable(table: string, src: TableSource): DictionaryTable {
  const keys = src.keys.map((k) => parseKey(table, k));
  const primary = keys[0];
  if (!primary?.unique) throw new Error(`${table}: the first AOM key is the primary key and must be unique`);
  const pairs = `${src.fields},${AUDIT_FIELDS}`
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const fields: DictionaryField[] = [];
  const seen = new Set<string>();
  for (const pair of pairs) {
    const [name, aomType, extra] = pair.split(/\s+/);
    if (name === undefined || aomType === undefined || extra !== undefined) throw new Error(`${table}: bad field '${pair}'`);
    for (const n of expand(name)) {
      if (seen.has(n)) throw new Error(`${table}: field ${n} listed twice`);
      seen.add(n);
      const unconfirmed = src.unconfirmed?.[n];
      fields.push({
        name: n,
        aomType,
        ...aomFieldType(aomType),
        primaryKeyOrder: primary.columns.indexOf(n) + 1,
        ...(unconfirmed === undefined ? {} : { unconfirmed }),
      });
    }
  }
  for (const k of keys) {
    for (const c of k.columns) if (!seen.has(c)) throw new Error(`${table}: key column ${c} has no field`);
  }
  for (const n of Object.keys(src.unconfirmed ?? {})) if (!seen.has(n)) throw new Error(`${table}: unconfirmed ${n} has no field`);
  return { table, view: src.view, source: src.source, keys, fields };
}
