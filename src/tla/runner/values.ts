/**
 * parseTlcValue reads a TLA+ value as TLC prints it in a counterexample (`<<p1, p1>>`,
 * `[a |-> 1]`, `(1 :> 2 @@ 3 :> 4)`, `{"x", "y"}`, `1..3`) into its JSON rendering (`JsonTla`,
 * see src/tla/result.ts). TLC prints values already normalised, so the order of set elements
 * and function domains is kept as printed.
 */
import type { JsonTla } from '../result.ts';

export class TlcValueSyntaxError extends Error {
  constructor(message: string, readonly text: string, readonly offset: number) {
    super(`${message} at offset ${offset} of TLC value ${JSON.stringify(text.length > 80 ? text.slice(0, 77) + '...' : text)}`);
    this.name = 'TlcValueSyntaxError';
  }
}

export function parseTlcValue(text: string): JsonTla {
  const p = new ValueParser(text);
  const v = p.value();
  p.skipSpace();
  if (!p.atEnd()) p.fail('unexpected trailing text');
  return v;
}

/** isSequenceKeys says whether keys are exactly 1..n, so the function renders as an array. */
function isSequenceKeys(keys: JsonTla[]): boolean {
  return keys.every((k, i) => k === i + 1);
}

class ValueParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    throw new TlcValueSyntaxError(message, this.text, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private eat(token: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected ${JSON.stringify(token)}`);
  }

  value(): JsonTla {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) this.fail('unexpected end');
    if (this.eat('<<')) return this.list('>>');
    if (c === '{') {
      this.pos++;
      return { $set: this.list('}') };
    }
    if (c === '[') return this.record();
    if (c === '(') return this.functionValue();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.numberOrInterval();
    const ident = this.identifier();
    if (ident === 'TRUE') return true;
    if (ident === 'FALSE') return false;
    return { $model: ident };
  }

  /** A comma-separated list of values closed by `close` (which may come at once: empty list). */
  private list(close: string): JsonTla[] {
    const items: JsonTla[] = [];
    if (this.eat(close)) return items;
    for (;;) {
      items.push(this.value());
      if (this.eat(close)) return items;
      this.expect(',');
    }
  }

  private record(): JsonTla {
    this.expect('[');
    const rec: { [field: string]: JsonTla } = {};
    if (this.eat(']')) return rec;
    for (;;) {
      this.skipSpace();
      const field = this.identifier();
      this.expect('|->');
      rec[field] = this.value();
      if (this.eat(']')) return rec;
      this.expect(',');
    }
  }

  /** `(k1 :> v1 @@ k2 :> v2)`: TLC's rendering of a function that is no sequence or record. */
  private functionValue(): JsonTla {
    this.expect('(');
    const pairs: [JsonTla, JsonTla][] = [];
    for (;;) {
      const k = this.value();
      this.expect(':>');
      const v = this.value();
      pairs.push([k, v]);
      if (this.eat(')')) break;
      this.expect('@@');
    }
    const keys = pairs.map(([k]) => k);
    if (isSequenceKeys(keys)) return pairs.map(([, v]) => v);
    // The JsonTla contract (src/tla/result.ts): a function whose domain is a set of strings is a
    // record, rendered as a JSON object, however TLC printed it (`("a" :> 1)` or `[a |-> 1]`).
    if (keys.every((k) => typeof k === 'string')) return Object.fromEntries(pairs) as { [field: string]: JsonTla };
    return { $function: pairs };
  }

  private string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.text[this.pos++];
        if (e === 'n') out += '\n';
        else if (e === 't') out += '\t';
        else if (e === 'r') out += '\r';
        else if (e === 'f') out += '\f';
        else if (e === undefined) this.fail('unterminated string');
        else out += e;
      } else out += c;
    }
  }

  private integer(): number {
    this.skipSpace();
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected an integer');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  /** An integer, or an interval `a..b` that TLC prints unexpanded: rendered as the set it is. */
  private numberOrInterval(): JsonTla {
    const lo = this.integer();
    if (!this.eat('..')) return lo;
    const hi = this.integer();
    const elems: JsonTla[] = [];
    for (let i = lo; i <= hi; i++) elems.push(i);
    return { $set: elems };
  }

  private identifier(): string {
    this.skipSpace();
    const m = /^[A-Za-z0-9_]*[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a value');
    this.pos += m[0].length;
    return m[0];
  }
}
