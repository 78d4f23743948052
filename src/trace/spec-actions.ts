/**
 * specActions lists the actions of a TLA+ spec: the named steps its next-state relation is made
 * of, split the way TLC splits Next into actions (through disjunctions, \E, LET bodies and
 * operators whose body is itself a disjunction), read from the syntax tree of the repository's
 * own TLA+ parser (src/checker/syntax.ts). The linkage check (linkage.ts) compares these names
 * with the events the code traces.
 */
import { parseFile, moduleName, type SNode } from '../checker/syntax.ts';

export interface SpecAction {
  /** The operator's name, e.g. `Promise`; `W!Read` for an instance's operator. */
  name: string;
  /** Where the action is defined (its operator definition), 1-based. */
  line: number;
}

export interface SpecActions {
  module: string;
  file: string;
  actions: SpecAction[];
  /** Operator names referenced anywhere in the spec file (the linkage checks a wrapper with it). */
  referenced: Set<string>;
  /** String literals anywhere in the spec file, unquoted. */
  strings: Set<string>;
}

function defName(u: SNode): string | null {
  if (u.type !== 'operator_definition') return null;
  const n = u.childForFieldName('name');
  return n ? n.text : null;
}

/** The body of an operator definition: its last named child (after name, parameters, ==). */
function defBody(u: SNode): SNode {
  return u.childForFieldName('definition') ?? u.namedChildren[u.namedChildren.length - 1]!;
}

const SPLITS = new Set(['disj_list', 'parentheses', 'let_in', 'bounded_quantification', 'unbounded_quantification']);

function splits(n: SNode): boolean {
  if (SPLITS.has(n.type)) return n.type !== 'bounded_quantification' || n.childForFieldName('quantifier')?.type === 'exists';
  return n.type === 'bound_infix_op' && n.childForFieldName('symbol')?.type === 'lor';
}

/**
 * parseSpecActions parses `file` and splits the definition `next` (default `Next`) of its first
 * module into actions. Throws (a ParseError, or an Error naming the file) when the file does not
 * parse or has no such definition.
 */
export function parseSpecActions(file: string, next = 'Next'): SpecActions {
  const { modules } = parseFile(file);
  const mod = modules[0]!;
  const defs = new Map<string, SNode>();
  for (const u of mod.namedChildren) {
    const name = defName(u);
    if (name) defs.set(name, u);
  }
  const root = defs.get(next);
  if (!root) throw new Error(`${file}: no definition of ${next}`);
  const found = new Map<string, SpecAction>();
  const visiting = new Set<string>();
  const add = (name: string, at: SNode) => {
    if (!found.has(name)) found.set(name, { name, line: at.startPosition.row + 1 });
  };
  const walk = (n: SNode, owner: string | null): void => {
    switch (n.type) {
      case 'parentheses':
        return walk(n.namedChildren[0]!, owner);
      case 'disj_list':
        for (const item of n.namedChildren) walk(item.namedChildren[item.namedChildren.length - 1]!, owner);
        return;
      case 'let_in':
        return walk(n.childForFieldName('expression') ?? n.namedChildren[n.namedChildren.length - 1]!, owner);
      case 'bounded_quantification':
      case 'unbounded_quantification':
        if (n.childForFieldName('quantifier')?.type === 'exists') return walk(n.childForFieldName('expression') ?? n.namedChildren[n.namedChildren.length - 1]!, owner);
        break;
      case 'bound_infix_op':
        if (n.childForFieldName('symbol')?.type === 'lor') {
          walk(n.childForFieldName('lhs')!, owner);
          walk(n.childForFieldName('rhs')!, owner);
          return;
        }
        break;
      case 'identifier_ref':
      case 'bound_op': {
        const name = n.type === 'identifier_ref' ? n.text : n.childForFieldName('name')!.text;
        const def = defs.get(name);
        if (def && splits(defBody(def)) && !visiting.has(name)) {
          // An operator that is itself a choice of steps (A == B \/ C): its disjuncts are the actions.
          visiting.add(name);
          walk(defBody(def), name);
          visiting.delete(name);
          return;
        }
        add(name, def ?? n);
        return;
      }
      case 'prefixed_op':
        add(n.text.replace(/\(.*$/s, '').replace(/\s+/g, ''), n);
        return;
    }
    // Any other step (a conjunction, say) is one action: named after the operator whose body it
    // is (as TLC names it), or after its line when it is written out in Next itself.
    if (owner !== null) add(owner, defs.get(owner)!);
    else add(`${next}@${n.startPosition.row + 1}`, n);
  };
  walk(defBody(root), null);

  const referenced = new Set<string>();
  const strings = new Set<string>();
  const collect = (n: SNode): void => {
    if (n.type === 'identifier_ref') referenced.add(n.text);
    else if (n.type === 'bound_op') referenced.add(n.childForFieldName('name')!.text);
    else if (n.type === 'string') strings.add(n.text.slice(1, -1));
    for (const c of n.namedChildren) collect(c);
  };
  collect(mod);
  return { module: moduleName(mod), file, actions: [...found.values()], referenced, strings };
}
