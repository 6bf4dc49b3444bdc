import type { Predicate } from './predicate.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** Parser for readByQuery's SQL-like `<query>` text: comparisons, LIKE, IN, IS NULL, AND/OR/NOT, parentheses. */

type Token =
  | { t: 'ident'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: string }
  | { t: 'op'; v: string }
  | { t: 'punct'; v: '(' | ')' | ',' };

export type QueryParse = Result<Predicate, string>;

class QuerySyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: 'punct', v: ch });
      i++;
    } else if (ch === "'" || ch === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new QuerySyntaxError(`unterminated string starting near position ${i}`);
        const c = text[i]!;
        if (c === '\\' && i + 1 < text.length) {
          v += text[i + 1];
          i += 2;
        } else if (c === ch) {
          i++;
          break;
        } else {
          v += c;
          i++;
        }
      }
      tokens.push({ t: 'str', v });
    } else {
      const rest = text.slice(i);
      const op = /^(<=|>=|<>|!=|=|<|>)/.exec(rest);
      const num = /^-?\d+(\.\d+)?/.exec(rest);
      const ident = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
      if (op) {
        tokens.push({ t: 'op', v: op[0] === '<>' ? '!=' : op[0] });
        i += op[0].length;
      } else if (num) {
        tokens.push({ t: 'num', v: num[0] });
        i += num[0].length;
      } else if (ident) {
        tokens.push({ t: 'ident', v: ident[0] });
        i += ident[0].length;
      } else {
        throw new QuerySyntaxError(`unexpected character '${ch}' at position ${i}`);
      }
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isKeyword(word: string, offset = 0): boolean {
    const tok = this.tokens[this.pos + offset];
    return tok?.t === 'ident' && tok.v.toUpperCase() === word;
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) throw new QuerySyntaxError(`expected ${word} ${this.where()}`);
    this.pos++;
  }

  private expectPunct(v: string): void {
    const tok = this.peek();
    if (tok?.t !== 'punct' || tok.v !== v) throw new QuerySyntaxError(`expected '${v}' ${this.where()}`);
    this.pos++;
  }

  private where(): string {
    const tok = this.peek();
    return tok ? `near '${tok.v}'` : 'at end of query';
  }

  parseAll(): Predicate {
    const p = this.orExpr();
    if (this.pos < this.tokens.length) throw new QuerySyntaxError(`unexpected ${this.where()}`);
    return p;
  }

  private orExpr(): Predicate {
    const items = [this.andExpr()];
    while (this.isKeyword('OR')) {
      this.pos++;
      items.push(this.andExpr());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private andExpr(): Predicate {
    const items = [this.unary()];
    while (this.isKeyword('AND')) {
      this.pos++;
      items.push(this.unary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private unary(): Predicate {
    if (this.isKeyword('NOT') && !this.isKeyword('LIKE', 1) && !this.isKeyword('IN', 1)) {
      this.pos++;
      return { kind: 'not', item: this.unary() };
    }
    const tok = this.peek();
    if (tok?.t === 'punct' && tok.v === '(') {
      this.pos++;
      const inner = this.orExpr();
      this.expectPunct(')');
      return inner;
    }
    return this.condition();
  }

  private value(): string {
    const tok = this.peek();
    if (tok?.t === 'str' || tok?.t === 'num') {
      this.pos++;
      return tok.v;
    }
    throw new QuerySyntaxError(`expected a quoted string or a number ${this.where()}`);
  }

  private condition(): Predicate {
    const fieldTok = this.peek();
    if (fieldTok?.t !== 'ident' || ['AND', 'OR', 'NOT', 'LIKE', 'IN', 'IS', 'NULL'].includes(fieldTok.v.toUpperCase())) {
      throw new QuerySyntaxError(`expected a field name ${this.where()}`);
    }
    this.pos++;
    const field = fieldTok.v.toUpperCase();
    const next = this.peek();
    if (next?.t === 'op') {
      this.pos++;
      return { kind: 'cmp', field, op: next.v as '=' | '!=' | '<' | '<=' | '>' | '>=', value: this.value() };
    }
    if (this.isKeyword('IS')) {
      this.pos++;
      const negate = this.isKeyword('NOT');
      if (negate) this.pos++;
      this.expectKeyword('NULL');
      return { kind: 'null', field, negate };
    }
    const negate = this.isKeyword('NOT');
    if (negate) this.pos++;
    if (this.isKeyword('LIKE')) {
      this.pos++;
      return { kind: 'like', field, pattern: this.value(), negate };
    }
    if (this.isKeyword('IN')) {
      this.pos++;
      this.expectPunct('(');
      const values = [this.value()];
      while (this.peek()?.t === 'punct' && this.peek()?.v === ',') {
        this.pos++;
        values.push(this.value());
      }
      this.expectPunct(')');
      return { kind: 'in', field, values, negate };
    }
    throw new QuerySyntaxError(`expected an operator after ${field} ${this.where()}`);
  }
}

/** Parses a readByQuery `<query>`; an empty query selects everything. */
export function parseQueryText(text: string): QueryParse {
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0) return ok({ kind: 'true' });
    return ok(new Parser(tokens).parseAll());
  } catch (error) {
    if (error instanceof QuerySyntaxError) return err(error.message);
    throw error;
  }
}
