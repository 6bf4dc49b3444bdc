/**
 * `$filter` parser for the subset the Sage 300 Web API documents (reference §8.3): eq ne gt ge lt le, and, or,
 * not, parentheses, startswith/endswith/contains/substringof; literals 'text' (quotes doubled), numbers (with an
 * optional `m` suffix), true/false/null, datetime'…' and bare ISO dates.
 */

type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; text: string };

export type FilterNode =
  | { type: 'cmp'; op: CompareOp; field: string; value: Literal }
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; node: FilterNode }
  | { type: 'fn'; fn: 'startswith' | 'endswith' | 'contains'; field: string; value: string };

type Token = { t: 'punct'; v: '(' | ')' | ',' } | { t: 'word'; v: string } | { t: 'lit'; v: Literal };

const COMPARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: 'punct', v: ch });
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new SyntaxError('unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ t: 'lit', v: { kind: 'string', value } });
    } else if (/\d/.test(ch) || (ch === '-' && /\d/.test(text[i + 1] ?? ''))) {
      const date = DATE_RE.exec(text.slice(i));
      if (date) {
        tokens.push({ t: 'lit', v: { kind: 'date', text: date[0] } });
        i += date[0].length;
        continue;
      }
      const num = /^-?\d+(\.\d+)?[mMdD]?/.exec(text.slice(i));
      if (!num) throw new SyntaxError(`bad number at ${i}`);
      tokens.push({ t: 'lit', v: { kind: 'number', text: num[0].replace(/[mMdD]$/, '') } });
      i += num[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      i += word.length;
      if (word === 'datetime' && text[i] === "'") {
        const end = text.indexOf("'", i + 1);
        if (end < 0) throw new SyntaxError('unterminated datetime literal');
        tokens.push({ t: 'lit', v: { kind: 'date', text: text.slice(i + 1, end) } });
        i = end + 1;
      } else if (word === 'true' || word === 'false') tokens.push({ t: 'lit', v: { kind: 'bool', value: word === 'true' } });
      else if (word === 'null') tokens.push({ t: 'lit', v: { kind: 'null' } });
      else tokens.push({ t: 'word', v: word });
    } else {
      throw new SyntaxError(`unexpected '${ch}' at ${i}`);
    }
  }
  return tokens;
}

const FLIP: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.i !== this.tokens.length) throw new SyntaxError('unexpected text after the expression');
    return node;
  }
  private peekWord(): string | undefined {
    const t = this.tokens[this.i];
    return t?.t === 'word' ? t.v : undefined;
  }
  private expectPunct(v: '(' | ')' | ','): void {
    const t = this.tokens[this.i];
    if (t?.t !== 'punct' || t.v !== v) throw new SyntaxError(`expected '${v}'`);
    this.i++;
  }
  private or(): FilterNode {
    let left = this.and();
    while (this.peekWord() === 'or') {
      this.i++;
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }
  private and(): FilterNode {
    let left = this.unary();
    while (this.peekWord() === 'and') {
      this.i++;
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }
  private unary(): FilterNode {
    if (this.peekWord() === 'not') {
      this.i++;
      return { type: 'not', node: this.unary() };
    }
    const t = this.tokens[this.i];
    if (t?.t === 'punct' && t.v === '(') {
      this.i++;
      const node = this.or();
      this.expectPunct(')');
      return node;
    }
    const next = this.tokens[this.i + 1];
    if (t?.t === 'word' && next?.t === 'punct' && next.v === '(') return this.func(t.v);
    return this.comparison();
  }
  private func(name: string): FilterNode {
    this.i += 2;
    const a = this.tokens[this.i++];
    this.expectPunct(',');
    const b = this.tokens[this.i++];
    this.expectPunct(')');
    const fieldOf = (x: Token | undefined) => (x?.t === 'word' ? x.v : undefined);
    const textOf = (x: Token | undefined) => (x?.t === 'lit' && x.v.kind === 'string' ? x.v.value : undefined);
    if (name === 'substringof') {
      const [value, field] = [textOf(a), fieldOf(b)];
      if (value === undefined || field === undefined) throw new SyntaxError("substringof expects ('text', Property)");
      return { type: 'fn', fn: 'contains', field, value };
    }
    if (name !== 'startswith' && name !== 'endswith' && name !== 'contains') throw new SyntaxError(`unsupported function ${name}`);
    const [field, value] = [fieldOf(a), textOf(b)];
    if (value === undefined || field === undefined) throw new SyntaxError(`${name} expects (Property, 'text')`);
    return { type: 'fn', fn: name, field, value };
  }
  private comparison(): FilterNode {
    const a = this.tokens[this.i++];
    const op = this.tokens[this.i++];
    const b = this.tokens[this.i++];
    if (op?.t !== 'word' || !COMPARE.has(op.v)) throw new SyntaxError('expected a comparison (eq, ne, gt, ge, lt, le)');
    const cmp = op.v as CompareOp;
    if (a?.t === 'word' && b?.t === 'lit') return { type: 'cmp', op: cmp, field: a.v, value: b.v };
    if (a?.t === 'lit' && b?.t === 'word') return { type: 'cmp', op: FLIP[cmp], field: b.v, value: a.v };
    throw new SyntaxError('a comparison needs one property and one literal');
  }
}

/** Parses `$filter`; throws SyntaxError with a short reason (the caller turns it into a 400). */
export function parseFilter(text: string): FilterNode {
  return new Parser(tokenize(text)).parse();
}
