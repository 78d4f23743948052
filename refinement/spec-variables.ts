/**
 * specVariables lists the VARIABLES a TLA+ module declares, read with the tree-sitter TLA+
 * grammar (the parser the embedded checker uses), so a refinement mapping can be checked for
 * completeness against the spec itself rather than against a copy of its variable list.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface TsNode {
  type: string;
  text: string;
  namedChildren: TsNode[];
}

export function specVariables(file: string): string[] {
  const Parser = require('tree-sitter');
  const TLA = require('@tlaplus/tree-sitter-tlaplus');
  const parser = new Parser();
  parser.setLanguage(TLA);
  const src = readFileSync(file, 'utf8');
  // The native binding reads long inputs in chunks; a callback keeps it exact (as src/checker).
  const tree = parser.parse((i: number) => src.slice(i, i + 4096));
  const out: string[] = [];
  const visit = (n: TsNode): void => {
    if (n.type === 'variable_declaration') {
      for (const c of n.namedChildren) if (c.type === 'identifier') out.push(c.text);
      return;
    }
    // A nested module declares its own variables, not the outer module's.
    for (const c of n.namedChildren) if (c.type !== 'module') visit(c);
  };
  const root = tree.rootNode as TsNode;
  const top = root.namedChildren.find((c) => c.type === 'module');
  if (!top) throw new Error(`${file}: no module found`);
  visit(top);
  return out;
}
