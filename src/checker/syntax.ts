/**
 * Parsing with the native tree-sitter binding and the TLA+ grammar. Produces, per file, the
 * tree-sitter root and a list of modules; a syntax error becomes a ParseError at file:line:col.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { ParseError, type Loc } from './errors.ts';

const require = createRequire(import.meta.url);

/**
 * SNode is a plain-object copy of a tree-sitter node (comments dropped, fields resolved): the
 * native nodes are slow to query and their childrenForFieldName includes unnamed tokens.
 */
export class SNode {
  parent: SNode | null = null;
  readonly namedChildren: SNode[] = [];
  readonly fieldOf: (string | null)[] = [];
  isMissing = false;
  hasError = false;
  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    private readonly src: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly startPosition: { row: number; column: number },
    readonly endPosition: { row: number; column: number },
  ) {}
  get text(): string {
    return this.src.slice(this.startIndex, this.endIndex);
  }
  get children(): SNode[] {
    return this.namedChildren;
  }
  childForFieldName(name: string): SNode | null {
    for (let i = 0; i < this.namedChildren.length; i++) if (this.fieldOf[i] === name) return this.namedChildren[i];
    return null;
  }
  childrenForFieldName(name: string): SNode[] {
    return this.namedChildren.filter((_, i) => this.fieldOf[i] === name);
  }
}

const COMMENTS = new Set(['comment', 'block_comment', 'block_comment_text']);

interface TsCursor {
  nodeType: string;
  nodeIsNamed: boolean;
  nodeIsMissing: boolean;
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
  currentFieldName: string | null | undefined;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/** convert copies the tree under the cursor; returns the first syntax error node met, if any. */
function convert(c: TsCursor, src: string): { root: SNode; error: SNode | null } {
  let error: SNode | null = null;
  let rootErr: SNode | null = null;
  const mk = (): SNode => {
    const n = new SNode(c.nodeType, c.nodeIsNamed, src, c.startIndex, c.endIndex, c.startPosition, c.endPosition);
    n.isMissing = c.nodeIsMissing;
    // The first error below the root: when the whole file fails to parse, tree-sitter wraps
    // everything in one ERROR node, and the useful position is an inner one.
    if ((n.type === 'ERROR' || n.isMissing) && (error === null || error === rootErr)) {
      if (error === null && n.startIndex === 0) rootErr = n;
      error = n;
    }
    return n;
  };
  const root = mk();
  const stack: SNode[] = [root];
  if (!c.gotoFirstChild()) return { root, error };
  for (;;) {
    const parent = stack[stack.length - 1];
    const named = c.nodeIsNamed || c.nodeType === 'ERROR';
    let descended = false;
    if ((named && !COMMENTS.has(c.nodeType)) || c.nodeIsMissing) {
      const field = c.currentFieldName ?? null;
      const n = mk();
      n.parent = parent;
      parent.namedChildren.push(n);
      parent.fieldOf.push(field);
      if (c.gotoFirstChild()) {
        stack.push(n);
        descended = true;
      }
    } else if (c.nodeType === 'ERROR' || c.nodeIsMissing) {
      mk();
    }
    if (descended) continue;
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent() || stack.length === 1) return { root, error };
      stack.pop();
    }
  }
}

let parser: { parse(src: string): { rootNode: { hasError: boolean }; walk(): TsCursor } } | null = null;

function getParser() {
  if (parser === null) {
    const Parser = require('tree-sitter');
    const TLA = require('@tlaplus/tree-sitter-tlaplus');
    const p = new Parser();
    p.setLanguage(TLA);
    parser = p;
  }
  return parser!;
}

export interface SourceFile {
  file: string;
  modules: SNode[];
}

/**
 * Modules parsed before, by source text. Why: the trace validator loads a wrapper per trace from
 * copies of the same specs (`trace check DIR` checks hundreds of registers), and parsing was 80%
 * of each load. SNodes are not changed after `convert` (later stages key their own tables by
 * them), so one parse serves every file with the same text; the file name is the caller's.
 */
const parsed = new Map<string, SNode[]>();
const MAX_PARSED = 64;

/** parseFile parses a .tla file; throws ParseError with the first error's location. */
export function parseFile(file: string): SourceFile {
  let src: string;
  try {
    src = readFileSync(file, 'utf8');
  } catch {
    throw new ParseError(`${file}: cannot read the file`);
  }
  const known = parsed.get(src);
  if (known) return { file, modules: known };
  // tree-sitter's native binding reads long inputs in chunks; a callback keeps it exact.
  const tree = getParser().parse(src);
  const { root, error } = convert(tree.walk(), src);
  if (tree.rootNode.hasError || error) {
    // When tree-sitter could not place the error and wrapped the whole file in one ERROR node
    // (an unclosed construct, say), the parser gave up at the end of that node: its last piece
    // is where SANY reports the error too ("Encountered ... at line L").
    const pieces = error !== null && error.startIndex === 0 && !error.isMissing ? error.namedChildren : [];
    const lastRow = pieces[pieces.length - 1]?.startPosition.row;
    const whole = pieces.find((p) => p.startPosition.row === lastRow);
    const bad = whole ?? error;
    const at = bad ?? root;
    const what = bad?.isMissing ? `missing ${bad.type}` : `unexpected ${JSON.stringify(snippet(at.text))}`;
    throw new ParseError(`${file}:${at.startPosition.row + 1}:${at.startPosition.column + 1}: syntax error: ${what}`);
  }
  const modules: SNode[] = [];
  const collect = (n: SNode) => {
    for (const c of n.namedChildren) {
      if (c.type === 'module') {
        modules.push(c);
        collect(c);
      }
    }
  };
  collect(root);
  if (modules.length === 0) throw new ParseError(`${file}:1:1: no MODULE found`);
  if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value!);
  parsed.set(src, modules);
  return { file, modules };
}

function snippet(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 40 ? line.slice(0, 40) + '...' : line;
}

/** trimTail drops trailing whitespace and comments (tree-sitter may count them in a node). */
function trimTail(text: string): string {
  for (;;) {
    const before = text;
    text = text.replace(/\s+$/, '');
    if (text.endsWith('*)')) {
      const open = text.lastIndexOf('(*');
      if (open >= 0) text = text.slice(0, open);
    }
    const nl = text.lastIndexOf('\n');
    const last = text.slice(nl + 1);
    const c = last.indexOf('\\*');
    if (c >= 0 && !/"/.test(last.slice(0, c))) text = text.slice(0, nl + 1 + c);
    if (text === before) return text;
  }
}

/** Where each node really ends (see locOf): computed once per node, parses being shared. */
const ends = new WeakMap<SNode, readonly [line: number, col: number]>();

export function locOf(n: SNode, file: string, module: string): Loc {
  let end = ends.get(n);
  if (end === undefined) {
    // The node may end with the line break (and indentation) before the next unit; TLC's
    // locations end at the last character of the expression.
    const text = trimTail(n.text);
    const lines = text.split('\n');
    end = [n.startPosition.row + lines.length, lines.length === 1 ? n.startPosition.column + lines[0].length : lines[lines.length - 1].length];
    ends.set(n, end);
  }
  const [endLine, endCol] = end;
  return {
    file,
    module,
    line: n.startPosition.row + 1,
    col: n.startPosition.column + 1,
    endLine,
    endCol,
  };
}

/** moduleName gives the name of a `module` node. */
export function moduleName(m: SNode): string {
  return m.childForFieldName('name')!.text;
}

/**
 * leadingEquality: the first conjunct of n (through parentheses, `/\` and conjunction lists) when
 * it is an equality `lhs = rhs`, parentheses stripped, with a string literal side (if one) on the
 * right: `e.action = "Promise" /\ ...` gives e.action and "Promise". The compiler's fast paths on
 * a leading string test (actions.ts dispatchOf, compile-sets.ts kSetFilter) start from it.
 */
export function leadingEquality(n: SNode): { lhs: SNode; rhs: SNode } | null {
  for (;;) {
    while (n.type === 'parentheses') n = n.namedChildren[0];
    if (n.type === 'bound_infix_op' && n.childForFieldName('symbol')!.type === 'land') n = n.childForFieldName('lhs')!;
    else if (n.type === 'conj_list') {
      const first = n.namedChildren[0];
      n = first.namedChildren[first.namedChildren.length - 1];
    } else break;
  }
  if (n.type !== 'bound_infix_op' || n.childForFieldName('symbol')!.type !== 'eq') return null;
  let lhs = n.childForFieldName('lhs')!;
  let rhs = n.childForFieldName('rhs')!;
  while (lhs.type === 'parentheses') lhs = lhs.namedChildren[0];
  while (rhs.type === 'parentheses') rhs = rhs.namedChildren[0];
  if (lhs.type === 'string') [lhs, rhs] = [rhs, lhs];
  return { lhs, rhs };
}
