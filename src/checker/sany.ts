/**
 * A few of SANY's semantic checks that TLC applies before checking (a parse error, exit 150),
 * done syntactically per module: a name defined twice in one module, a definition used before
 * it is defined (unless declared RECURSIVE), and a bound variable or parameter that reuses the
 * name of a definition in scope.
 */
import { ParseError } from './errors.ts';
import type { SNode } from './syntax.ts';

const DEF_UNITS = new Set(['operator_definition', 'function_definition', 'module_definition']);

function unitName(unit: SNode): SNode | null {
  if (DEF_UNITS.has(unit.type)) return unit.childForFieldName('name');
  return null;
}

function declNames(unit: SNode): SNode[] {
  if (unit.type !== 'constant_declaration' && unit.type !== 'variable_declaration') return [];
  return unit.namedChildren.map((c) => (c.type === 'operator_declaration' ? c.childForFieldName('name')! : c));
}

/** Binder name nodes introduced directly by node n (not those of nested nodes). */
function binders(n: SNode): SNode[] {
  switch (n.type) {
    case 'bounded_quantification':
    case 'set_filter':
    case 'set_map':
    case 'function_literal':
      // The bound names scope over the whole construct (the body is a sibling of the bounds).
      return n.namedChildren
        .filter((c) => c.type === 'quantifier_bound')
        .flatMap((q) => q.childrenForFieldName('intro'))
        .flatMap((i) => (i.type === 'tuple_of_identifiers' ? i.namedChildren.filter((c) => c.type === 'identifier') : [i]));
    case 'choose': {
      const i = n.childForFieldName('intro');
      if (!i) return [];
      return i.type === 'tuple_of_identifiers' ? i.namedChildren.filter((c) => c.type === 'identifier') : [i];
    }
    case 'lambda':
      return n.namedChildren.filter((c) => c.type === 'identifier');
    case 'operator_definition':
    case 'module_definition':
      return n.childrenForFieldName('parameter').map((p) => (p.type === 'operator_declaration' ? p.childForFieldName('name')! : p));
    case 'unbounded_quantification':
      return n.childrenForFieldName('intro');
    default:
      return [];
  }
}

/**
 * checkProofNames: SANY resolves every name in a THEOREM, proofs included, although TLC never
 * evaluates them (`BY PTL` without EXTENDS TLAPS is a parse error). A name counts as known when
 * the module or what it imports defines it anywhere, or the theorem itself introduces it (bound
 * variables, NEW, DEFINE, step names): deliberately lenient, so that only names defined nowhere
 * are refused.
 */
function checkProofNames(theorem: SNode, file: string, known: (name: string) => boolean): void {
  const introduced = new Set<string>();
  const collect = (n: SNode): void => {
    if (n.type === 'identifier') introduced.add(n.text);
    for (const c of n.namedChildren) collect(c);
  };
  collect(theorem);
  const visit = (n: SNode): void => {
    if (n.type === 'identifier_ref' && !known(n.text) && !introduced.has(n.text)) {
      throw new ParseError(`${file}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: Unknown operator: ${n.text}`);
    }
    n.namedChildren.forEach((c, k) => {
      if (n.type === 'record_value' && k === 1) return;
      if (n.type === 'except_update_record_field') return;
      if (n.type === 'prefixed_op' && c === n.childForFieldName('op')) return;
      if (n.type === 'subexpr_component' || n.type === 'subexpr_prefix') return;
      visit(c);
    });
  };
  visit(theorem);
}

/**
 * checkModule runs the checks on one module. `imported` are the names already in scope from
 * EXTENDS and the standard modules (they may not be shadowed either).
 */
export function checkModule(mod: SNode, file: string, imported: Set<string>): void {
  const where = (n: SNode) => `${file}:${n.startPosition.row + 1}:${n.startPosition.column + 1}`;
  const units = mod.namedChildren.map((u) => (u.type === 'local_definition' ? u.namedChildren[0] : u));
  // Order of definition of this module's names.
  const position = new Map<string, number>();
  const recursive = new Set<string>();
  units.forEach((u, i) => {
    if (u.type === 'recursive_declaration') {
      for (const d of u.namedChildren) recursive.add(d.type === 'operator_declaration' ? d.childForFieldName('name')!.text : d.text);
    }
    const names = [unitName(u), ...declNames(u)].filter((x): x is SNode => x !== null);
    for (const nm of names) {
      if (nm.type !== 'identifier') continue;
      if (position.has(nm.text)) throw new ParseError(`${where(nm)}: Multiply-defined symbol '${nm.text}'`);
      if (imported.has(nm.text)) throw new ParseError(`${where(nm)}: Multiply-defined symbol '${nm.text}': it is already defined by an extended module`);
      position.set(nm.text, i);
    }
  });
  const named = new Set(units.map((u) => (u.type === 'theorem' || u.type === 'assumption' ? u.childForFieldName('name')?.text : undefined)));
  for (const u of units) {
    if (u.type === 'theorem') checkProofNames(u, file, (name) => imported.has(name) || position.has(name) || named.has(name));
  }
  units.forEach((u, i) => {
    if (!DEF_UNITS.has(u.type) && u.type !== 'assumption') return;
    const inScope = (name: string) => imported.has(name) || (position.get(name) ?? Infinity) < i;
    const visit = (n: SNode, bound: Set<string>): void => {
      const introduced = n === u && u.type !== 'assumption' ? binders(u) : n !== u ? binders(n) : [];
      let inner = bound;
      if (introduced.length > 0) {
        inner = new Set(bound);
        for (const b of introduced) {
          if (inScope(b.text) || (position.get(b.text) ?? -1) === i) {
            throw new ParseError(`${where(b)}: Multiply-defined symbol '${b.text}': a bound name may not reuse the name of a definition`);
          }
          inner.add(b.text);
        }
      }
      if (n.type === 'let_in') {
        // LET definitions are bound names for the rest of the LET.
        inner = new Set(inner);
        const declaredRecursive = new Set<string>();
        for (const d of n.childrenForFieldName('definitions')) {
          const nm = unitName(d);
          if (nm && nm.type === 'identifier') {
            // SANY: "Operator x already defined or declared" (a LET may not shadow either); a
            // RECURSIVE declaration of this LET announces its definition, it does not clash.
            if (!declaredRecursive.has(nm.text) && (inner.has(nm.text) || inScope(nm.text))) {
              throw new ParseError(`${where(nm)}: Multiply-defined symbol '${nm.text}': a LET definition may not reuse a name in scope`);
            }
            inner.add(nm.text);
          }
          if (d.type === 'recursive_declaration') {
            for (const r of d.namedChildren) {
              const name = r.type === 'operator_declaration' ? r.childForFieldName('name')!.text : r.text;
              inner.add(name);
              declaredRecursive.add(name);
            }
          }
        }
      }
      if (n.type === 'identifier_ref' && !inner.has(n.text)) {
        const p = position.get(n.text);
        const own = p !== undefined && p > i && !recursive.has(n.text) && !imported.has(n.text);
        if (own) throw new ParseError(`${where(n)}: Unknown operator: ${n.text} (it is defined later in the module)`);
      }
      n.namedChildren.forEach((c, k) => {
        // Field names and the operators of an instance (A!Op) are not references here.
        if (n.type === 'record_value' && k === 1) return;
        if (n.type === 'except_update_record_field') return;
        if (n.type === 'prefixed_op' && c === n.childForFieldName('op')) return;
        if (n.type === 'subexpr_component' || n.type === 'subexpr_prefix') return;
        visit(c, inner);
      });
    };
    const body = u.childForFieldName('definition') ?? u;
    if (u.type === 'assumption') visit(u, new Set());
    else {
      // Parameters and the function definition's bounds are bound in the body.
      const params = new Set<string>();
      for (const b of binders(u)) {
        if (inScope(b.text)) throw new ParseError(`${where(b)}: Multiply-defined symbol '${b.text}': a parameter may not reuse the name of a definition`);
        params.add(b.text);
      }
      for (const qb of u.namedChildren.filter((c) => c.type === 'quantifier_bound')) {
        visit(qb.childForFieldName('set') ?? qb, params);
        for (const i of qb.childrenForFieldName('intro')) params.add(i.text);
      }
      if (u.type !== 'module_definition') visit(body, params);
    }
  });
}
