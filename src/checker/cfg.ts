/**
 * Parser for TLC model configuration files (.cfg). Keeps the raw right-hand sides: constant
 * values are TLA+ constant expressions, parsed later by the compiler's small value reader.
 */
import { ConfigError } from './errors.ts';

export type CfgConst =
  | { kind: 'value'; name: string; expr: CfgExpr; mod?: string }
  | { kind: 'subst'; name: string; target: string; mod?: string };

/** A constant expression of a .cfg: numbers, strings, booleans, model values, sets, tuples. */
export type CfgExpr =
  | { k: 'int'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'id'; v: string }
  | { k: 'set'; v: CfgExpr[] }
  | { k: 'tuple'; v: CfgExpr[] };

export interface Cfg {
  constants: CfgConst[];
  init: string | null;
  next: string | null;
  specification: string | null;
  invariants: string[];
  properties: string[];
  constraints: string[];
  actionConstraints: string[];
  symmetry: string | null;
  view: string | null;
  checkDeadlock: boolean;
}

const KEYWORDS = new Set([
  'CONSTANT', 'CONSTANTS', 'INIT', 'NEXT', 'SPECIFICATION', 'INVARIANT', 'INVARIANTS', 'PROPERTY',
  'PROPERTIES', 'CONSTRAINT', 'CONSTRAINTS', 'ACTION_CONSTRAINT', 'ACTION_CONSTRAINTS', 'SYMMETRY',
  'VIEW', 'CHECK_DEADLOCK', 'ALIAS', 'POSTCONDITION',
]);

function tokenize(src: string, file: string): { t: string; line: number }[] {
  const out: { t: string; line: number }[] = [];
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (src.startsWith('\\*', i)) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('(*', i)) {
      let depth = 0;
      while (i < src.length) {
        if (src.startsWith('(*', i)) {
          depth++;
          i += 2;
        } else if (src.startsWith('*)', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else {
          if (src[i] === '\n') line++;
          i++;
        }
      }
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[j + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new ConfigError(`${file}:${line}: unterminated string`);
      out.push({ t: '"' + s, line });
      i = j + 1;
    } else if (src.startsWith('<-', i) || src.startsWith('<<', i) || src.startsWith('>>', i)) {
      out.push({ t: src.slice(i, i + 2), line });
      i += 2;
    } else if (/[A-Za-z0-9_]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_!]/.test(src[j])) j++;
      out.push({ t: src.slice(i, j), line });
      i = j;
    } else if ('={},-[]'.includes(c)) {
      out.push({ t: c, line });
      i++;
    } else if (src.startsWith('----', i) || src.startsWith('====', i)) {
      while (i < src.length && (src[i] === '-' || src[i] === '=')) i++;
    } else throw new ConfigError(`${file}:${line}: unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

/** parseCfg parses the text of a .cfg file. */
export function parseCfg(src: string, file: string): Cfg {
  const toks = tokenize(src, file);
  const cfg: Cfg = {
    constants: [], init: null, next: null, specification: null, invariants: [], properties: [],
    constraints: [], actionConstraints: [], symmetry: null, view: null, checkDeadlock: true,
  };
  let i = 0;
  const peek = () => toks[i]?.t;
  const err = (msg: string): never => {
    const line = toks[Math.min(i, toks.length - 1)]?.line ?? 1;
    throw new ConfigError(`${file}:${line}: ${msg}`);
  };
  const ident = (): string => {
    const t = toks[i++]?.t;
    if (t === undefined || !/^[A-Za-z0-9_!]+$/.test(t) || KEYWORDS.has(t)) return err(`expected a name, found ${t ?? 'end of file'}`);
    return t;
  };
  const expr = (): CfgExpr => {
    const t = toks[i++]?.t;
    if (t === undefined) return err('expected a value');
    if (t === '{' || t === '<<') {
      const close = t === '{' ? '}' : '>>';
      const v: CfgExpr[] = [];
      if (peek() !== close) {
        v.push(expr());
        while (peek() === ',') {
          i++;
          v.push(expr());
        }
      }
      if (toks[i++]?.t !== close) return err(`expected ${close}`);
      return { k: t === '{' ? 'set' : 'tuple', v };
    }
    if (t === '-' && /^[0-9]+$/.test(peek() ?? '')) return { k: 'int', v: -Number(toks[i++].t) };
    if (t.startsWith('"')) return { k: 'str', v: t.slice(1) };
    if (/^[0-9]+$/.test(t)) return { k: 'int', v: Number(t) };
    if (t === 'TRUE' || t === 'FALSE') return { k: 'bool', v: t === 'TRUE' };
    if (/^[A-Za-z0-9_]+$/.test(t) && !KEYWORDS.has(t)) return { k: 'id', v: t };
    return err(`unexpected ${t}`);
  };
  const names = (): string[] => {
    const out: string[] = [];
    while (i < toks.length && !KEYWORDS.has(peek()!)) out.push(ident());
    return out;
  };
  while (i < toks.length) {
    const kw = toks[i++].t;
    switch (kw) {
      case 'CONSTANT':
      case 'CONSTANTS':
        while (i < toks.length && !KEYWORDS.has(peek()!)) {
          const name = ident();
          // `Name = [M] value` and `Name <- [M] Target` override Name as module M defines it.
          const mod = (): string | undefined => {
            if (peek() !== '[') return undefined;
            i++;
            const m = ident();
            if (toks[i++]?.t !== ']') err(`expected ] after [${m}`);
            return m;
          };
          if (peek() === '=') {
            i++;
            const m = mod();
            cfg.constants.push({ kind: 'value', name, expr: expr(), ...(m ? { mod: m } : {}) });
          } else if (peek() === '<-') {
            i++;
            const m = mod();
            cfg.constants.push({ kind: 'subst', name, target: ident(), ...(m ? { mod: m } : {}) });
          } else err(`expected = or <- after constant ${name}`);
        }
        break;
      case 'INIT':
        cfg.init = ident();
        break;
      case 'NEXT':
        cfg.next = ident();
        break;
      case 'SPECIFICATION':
        cfg.specification = ident();
        break;
      case 'INVARIANT':
      case 'INVARIANTS':
        cfg.invariants.push(...names());
        break;
      case 'PROPERTY':
      case 'PROPERTIES':
        cfg.properties.push(...names());
        break;
      case 'CONSTRAINT':
      case 'CONSTRAINTS':
        cfg.constraints.push(...names());
        break;
      case 'ACTION_CONSTRAINT':
      case 'ACTION_CONSTRAINTS':
        cfg.actionConstraints.push(...names());
        break;
      case 'SYMMETRY':
        cfg.symmetry = ident();
        break;
      case 'VIEW':
        cfg.view = ident();
        break;
      case 'CHECK_DEADLOCK': {
        const v = toks[i++]?.t;
        if (v !== 'TRUE' && v !== 'FALSE') err('CHECK_DEADLOCK expects TRUE or FALSE');
        cfg.checkDeadlock = v === 'TRUE';
        break;
      }
      case 'ALIAS':
      case 'POSTCONDITION':
        ident(); // no effect on counts or verdicts
        break;
      default:
        i--;
        err(`unexpected ${kw}`);
    }
  }
  return cfg;
}
