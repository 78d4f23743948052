/**
 * The expression code generator (the trace validator's, issue 10 item 3): a tree of "structural"
 * expression nodes (conjunction and disjunction lists, IF, CASE, /\ \/ => ~, = # \in \notin,
 * < > <= >= + -, field access `r.f`, application `f[x]`, literals) becomes ONE JavaScript
 * function built with `new Function`, instead of one generic closure per node.
 *
 * Why: every closure that one factory of the closure compiler makes (kConjList's, infix's `=`,
 * ...) shares that factory's feedback and optimized code, so V8 sees every call site in them as
 * megamorphic and inlines nothing. A generated function has its own feedback; the closures it
 * calls for the nodes it does not handle (names, operator applications, quantifiers, sets, ...)
 * are each called from one call site, so V8 can inline them.
 *
 * How, without a second semantics to keep in step: the closure compiler (compile.ts) still
 * compiles every node, with all its bookkeeping (levels, constant folding, the variables a
 * definition reads). While codegen is on, `compile` records for each structural node the
 * closures it got for its direct children (see `CodegenRecord`); at the outermost structural
 * node it asks `generate` for one function over that tree. A node is inlined only when its
 * recorded children are exactly the nodes it evaluates (otherwise, e.g. `f[x]` compiled as a lazy
 * application, its own closure is called), a constant-folded node is always called through its
 * folding closure, and every inlined form does what its closure does, in the same order, with
 * the same errors (the same helpers: asBool, equals, setHas, apply, located). Anything else is
 * the existing closure. test/checker/codegen.test.ts compares both on the specs' expressions and
 * random values; test/trace compares verdicts.
 *
 * Codegen is off unless a caller turns it on around loading a model (`withCodegen`): the trace
 * validator's Stepper does when asked (`ValidateOptions.codegen`, or WORMSPACE_TRACE_CODEGEN=1);
 * the model checker and the diagnosis of a rejected trace (conjunct probes) compile closures only.
 *
 * It is OFF by default because it was measured SLOWER (bench/results/traces.md, seventh round):
 * a generated function has its own feedback, so each of the wrapper's ~550 expression trees warms
 * up and is optimized on its own, where the closures of one factory warm up together; on the
 * 10k-event WORPaxos trace the cold pass took about 30% more CPU, the warm pass about 40% more.
 */
import type { Loc } from './errors.ts';
import type { SNode } from './syntax.ts';
import { apply, canonical, equals, fcnIndex, isErr, isFcn, isRcd, isTup, setHas, show, type Value } from './values.ts';
import { asBool, evalErr, located, type Expr } from './runtime.ts';
import type { Scope } from './modules.ts';
import { INT_MAX, INT_MIN } from './stdlib.ts';

/** What compile recorded for one node: its closure and, for a structural node, its children's. */
export interface CodegenRecord {
  n: SNode;
  e: Expr;
  /** the closure is a constant-folding wrapper: never inline the node */
  folded: boolean;
  /** the records of the direct children compiled for it (null: not a structural node) */
  kids: CodegenRecord[] | null;
  sc: Scope;
}

let enabled = false;
/** Generated functions in this process (for the tests and the benchmark notes). */
export const codegenStats = { roots: 0, inlined: 0, called: 0 };

/** withCodegen runs `load` (a model load) with the code generator on. */
export function withCodegen<T>(load: () => T): T {
  const saved = enabled;
  enabled = true;
  try {
    return load();
  } finally {
    enabled = saved;
  }
}

export function codegenOn(): boolean {
  return enabled;
}

const INFIX = new Set(['land', 'lor', 'implies', 'eq', 'neq', 'in', 'notin', 'lt', 'gt', 'leq', 'geq', 'plus', 'minus']);

/**
 * isStructural: whether node n (in scope sc) is a kind the generator may inline. The operator
 * forms only when no user definition overrides the symbol (as compile-ops.ts checks).
 */
export function isStructural(n: SNode, sc: Scope): boolean {
  switch (n.type) {
    case 'parentheses':
    case 'conj_list':
    case 'disj_list':
    case 'if_then_else':
    case 'case':
    case 'record_value':
    case 'function_evaluation':
      return true;
    case 'bound_infix_op': {
      const sym = n.childForFieldName('symbol')!.type;
      return INFIX.has(sym) && !userOp(sym, sc);
    }
    case 'bound_prefix_op': {
      const sym = n.childForFieldName('symbol')!.type;
      return sym === 'lnot' && !userOp(sym, sc);
    }
  }
  return false;
}

function userOp(sym: string, sc: Scope): boolean {
  const b = sc.lookup(sym);
  if (b && b.k === 'letop') return true;
  const d = sc.env.defs.get(sym);
  return d !== undefined && d.k === 'op';
}

// ---- the helpers generated code calls: the closures' own slow paths ----

function conjErr(conj: boolean, v: Value, loc: Loc): never {
  return evalErr(`A ${conj ? 'conjunct' : 'disjunct'} should be a boolean, but is ${show(v)}`, loc);
}
function eqSlow(x: Value, y: Value, loc: Loc): boolean {
  try {
    return equals(x, y);
  } catch (e) {
    return located(e, loc);
  }
}
function has(s: Value, x: Value, loc: Loc): boolean {
  try {
    return setHas(s, x);
  } catch (e) {
    return located(e, loc);
  }
}
function needInt(x: Value, side: string, sym: string, loc: Loc): number {
  if (typeof x !== 'number') evalErr(`The ${side} argument of ${sym} should be an integer, but is ${show(x)}`, loc);
  return x;
}
function overflow(x: number, op: string, y: number, loc: Loc): never {
  return evalErr(`Integer overflow when computing ${x} ${op} ${y}`, loc);
}
/** r.f: kRecordValue's closure body. */
function field(v: Value, name: string, loc: Loc): Value {
  if (isRcd(v)) {
    const ns = v.names;
    for (let i = 0; i < ns.length; i++) {
      if (ns[i] === name) {
        const r = v.vals[i];
        if (isErr(r)) return located(r.error, loc);
        return r;
      }
    }
  }
  try {
    return apply(v, name);
  } catch (e) {
    return located(e, loc);
  }
}
/** f[x]: kFunctionEvaluation's one-argument closure body. */
function app1(fv: Value, x: Value, loc: Loc): Value {
  if (isTup(fv) && typeof x === 'number' && x >= 1 && x <= fv.elems.length) {
    const r = fv.elems[x - 1];
    if (isErr(r)) return located(r.error, loc);
    return r;
  }
  if (isFcn(fv)) {
    const i = fcnIndex(fv, x);
    if (i >= 0) {
      const r = fv.vals[i];
      if (isErr(r)) return located(r.error, loc);
      return r;
    }
  }
  try {
    return apply(fv, x);
  } catch (e) {
    return located(e, loc);
  }
}
function caseErr(loc: Loc): never {
  return evalErr('Attempted to evaluate a CASE with no arm enabled', loc);
}

const HELPERS = { asBool, conjErr, eqSlow, has, needInt, overflow, field, app1, caseErr, MAX: INT_MAX, MIN: INT_MIN };
const HELPER_NAMES = Object.keys(HELPERS);
const HELPER_VALUES = HELPER_NAMES.map((k) => (HELPERS as Record<string, unknown>)[k]);

/** One function being generated: its constants (K[i]) and temporaries. */
class Gen {
  readonly K: unknown[] = [];
  private tmp = 0;
  private lbl = 0;
  readonly decls: string[] = [];
  inlined = 0;
  called = 0;

  k(v: unknown): string {
    let i = this.K.indexOf(v);
    if (i < 0) {
      i = this.K.length;
      this.K.push(v);
    }
    return `K[${i}]`;
  }
  t(): string {
    const name = `t${this.tmp++}`;
    this.decls.push(name);
    return name;
  }
  label(): string {
    return `L${this.lbl++}`;
  }
  loc(r: CodegenRecord, n: SNode = r.n): string {
    return this.k(r.sc.env.loc(n));
  }

  /** call: the node's own closure (K[i](f)). */
  call(r: CodegenRecord, out: string): string {
    this.called++;
    return `${out} = ${this.k(r.e)}(f);\n`;
  }

  /** node emits statements that leave node r's value in variable `out`. */
  node(r: CodegenRecord, out: string): string {
    if (r.folded || r.kids === null) return this.call(r, out);
    const code = this.inline(r, out);
    if (code === null) return this.call(r, out);
    this.inlined++;
    return code;
  }

  private inline(r: CodegenRecord, out: string): string | null {
    const n = r.n;
    const kids = r.kids!;
    const named = n.namedChildren;
    /** the recorded children must be exactly these nodes, in this order */
    const exactly = (nodes: SNode[]): boolean => kids.length === nodes.length && nodes.every((x, i) => kids[i]!.n === x);
    switch (n.type) {
      case 'parentheses':
        if (!exactly([named[0]!])) return null;
        return this.node(kids[0]!, out);
      case 'conj_list':
      case 'disj_list': {
        const items = named.map((it) => it.namedChildren[it.namedChildren.length - 1]!);
        if (!exactly(items)) return null;
        const conj = n.type === 'conj_list';
        const L = this.label();
        let code = `${L}: {\n`;
        items.forEach((it, i) => {
          const v = this.t();
          code += this.node(kids[i]!, v);
          code += `if (${v} !== ${conj}) { if (${v} !== ${!conj}) conjErr(${conj}, ${v}, ${this.loc(r, named[i]!)}); ${out} = ${!conj}; break ${L}; }\n`;
        });
        code += `${out} = ${conj};\n}\n`;
        return code;
      }
      case 'if_then_else': {
        const c = n.childForFieldName('if')!;
        const th = n.childForFieldName('then')!;
        const el = n.childForFieldName('else')!;
        if (!exactly([c, th, el])) return null;
        const v = this.t();
        return `${this.node(kids[0]!, v)}if (asBool(${v}, ${this.loc(r)}, 'The condition of IF')) {\n${this.node(kids[1]!, out)}} else {\n${this.node(kids[2]!, out)}}\n`;
      }
      case 'case': {
        // kCase compiles every arm's guard and expression, in order, then the OTHER arm.
        const arms = named.filter((c) => c.type === 'case_arm').map((a) => a.namedChildren.filter((c) => c.type !== 'case_arrow'));
        const other = named.find((c) => c.type === 'other_arm');
        const o = other ? other.namedChildren.filter((c) => c.type !== 'case_arrow')[0]! : null;
        const expect = arms.flatMap((a) => [a[0]!, a[1]!]);
        if (o) expect.push(o);
        if (!exactly(expect)) return null;
        const L = this.label();
        const loc = this.loc(r);
        let code = `${L}: {\n`;
        arms.forEach((_, i) => {
          const g = this.t();
          code += this.node(kids[2 * i]!, g);
          code += `if (asBool(${g}, ${loc}, 'A CASE guard')) {\n${this.node(kids[2 * i + 1]!, out)}break ${L};\n}\n`;
        });
        code += o ? this.node(kids[kids.length - 1]!, out) : `caseErr(${loc});\n`;
        return `${code}}\n`;
      }
      case 'bound_prefix_op': {
        if (!exactly([n.childForFieldName('rhs')!])) return null;
        const v = this.t();
        return `${this.node(kids[0]!, v)}${out} = !asBool(${v}, ${this.loc(r)}, 'The argument of ~');\n`;
      }
      case 'record_value': {
        if (!exactly([named[0]!])) return null;
        const v = this.t();
        // The closure compiler canonicalized and interned the name when it compiled the node.
        return `${this.node(kids[0]!, v)}${out} = field(${v}, ${this.k(canonical(named[1]!.text))}, ${this.loc(r)});\n`;
      }
      case 'function_evaluation': {
        const [fn, ...args] = named;
        if (args.length !== 1 || !exactly([fn!, args[0]!])) return null;
        const a = this.t();
        const b = this.t();
        return `${this.node(kids[0]!, a)}${this.node(kids[1]!, b)}${out} = app1(${a}, ${b}, ${this.loc(r)});\n`;
      }
      case 'bound_infix_op':
        return this.infix(r, out);
    }
    return null;
  }

  private infix(r: CodegenRecord, out: string): string | null {
    const n = r.n;
    const kids = r.kids!;
    const lhs = n.childForFieldName('lhs')!;
    const rhs = n.childForFieldName('rhs')!;
    if (kids.length !== 2 || kids[0]!.n !== lhs || kids[1]!.n !== rhs) return null;
    const sym = n.childForFieldName('symbol')!.type;
    const loc = this.loc(r);
    const x = this.t();
    const a = this.node(kids[0]!, x);
    const bAt = (y: string): string => this.node(kids[1]!, y);
    switch (sym) {
      case 'land':
      case 'lor': {
        const y = this.t();
        const and = sym === 'land';
        const op = and ? '/\\\\' : '\\\\/';
        return `${a}if (asBool(${x}, ${loc}, 'The left side of ${op}') === ${and}) {\n${bAt(y)}${out} = asBool(${y}, ${loc}, 'The right side of ${op}');\n} else ${out} = ${!and};\n`;
      }
      case 'implies': {
        const y = this.t();
        return `${a}if (!asBool(${x}, ${loc}, 'The left side of =>')) ${out} = true;\nelse {\n${bAt(y)}${out} = asBool(${y}, ${loc}, 'The right side of =>');\n}\n`;
      }
      case 'eq':
      case 'neq': {
        const y = this.t();
        const eq = sym === 'eq';
        return `${a}${bAt(y)}if (${x} === ${y}) ${out} = ${eq};\nelse if (typeof ${x} !== 'object' && typeof ${x} === typeof ${y}) ${out} = ${!eq};\nelse ${out} = ${eq ? '' : '!'}eqSlow(${x}, ${y}, ${loc});\n`;
      }
      case 'in':
      case 'notin': {
        const y = this.t();
        return `${a}${bAt(y)}${out} = has(${y}, ${x}, ${loc}) !== ${sym === 'notin'};\n`;
      }
      case 'lt':
      case 'gt':
      case 'leq':
      case 'geq': {
        const y = this.t();
        const op = { lt: '<', gt: '>', leq: '<=', geq: '>=' }[sym]!;
        // arithOp: need(a(f), 'first') then need(b(f), 'second'): the left side is checked
        // before the right side is evaluated.
        return `${a}needInt(${x}, 'first', '${op}', ${loc});\n${bAt(y)}needInt(${y}, 'second', '${op}', ${loc});\n${out} = ${x} ${op} ${y};\n`;
      }
      case 'plus':
      case 'minus': {
        const y = this.t();
        const op = sym === 'plus' ? '+' : '-';
        return `${a}${bAt(y)}if (typeof ${x} === 'number' && typeof ${y} === 'number') {\n${out} = ${x} ${op} ${y};\nif (${out} > MAX || ${out} < MIN) overflow(${x}, '${op}', ${y}, ${loc});\n} else {\nneedInt(${x}, 'first', '${op}', ${loc});\n${out} = needInt(${y}, 'second', '${op}', ${loc});\n}\n`;
      }
    }
    return null;
  }
}

/**
 * generate: one function for the structural tree under record r (the outermost structural node
 * of an expression), or null when it would inline nothing (then r's closure is as good).
 */
export function generate(r: CodegenRecord): Expr | null {
  if (r.folded || r.kids === null) return null;
  const g = new Gen();
  const out = 'r';
  const body = g.node(r, out);
  if (g.inlined < 2) return null;
  const src = `"use strict";\nreturn function gen(f) {\nlet r${g.decls.length > 0 ? `, ${g.decls.join(', ')}` : ''};\n${body}return r;\n};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fn = new Function('K', ...HELPER_NAMES, src)(g.K, ...HELPER_VALUES) as Expr;
  codegenStats.roots++;
  codegenStats.inlined += g.inlined;
  codegenStats.called += g.called;
  return fn;
}
