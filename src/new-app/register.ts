/**
 * Registering a new application where the tooling finds it, as edits of the TypeScript syntax
 * tree (ts-morph), not text: its trace descriptor in src/trace/registry.ts (an import and an
 * element of DESCRIPTORS), its linkage table in src/trace/linkage-tables/index.ts (an import and
 * an element of LINKAGE_TABLES), and its simulation and TCP binding in src/apps/registry.ts
 * (properties of APP_SIMULATIONS and APP_BINDINGS). Each edit first checks that the name is not
 * taken.
 */
import { Project, QuoteKind, SyntaxKind, IndentationText, type Node, type SourceFile } from 'ts-morph';
import { join } from 'node:path';
import { NewAppError, type AppNames } from './names.ts';

export const TRACE_REGISTRY = 'src/trace/registry.ts';
export const APP_REGISTRY = 'src/apps/registry.ts';
export const LINKAGE_REGISTRY = 'src/trace/linkage-tables/index.ts';

/** hasTrailingComma: a comma follows the list's last element (the repository's style). */
function hasTrailingComma(list: Node): boolean {
  return list.getText().slice(0, -1).trimEnd().endsWith(',');
}

/** keepTrailingComma puts the comma back after `last`, the element ts-morph added. */
function keepTrailingComma(sf: SourceFile, list: Node, last: Node | undefined, had: boolean): void {
  if (had && last && !hasTrailingComma(list)) sf.insertText(last.getEnd(), ',');
}

function project(): Project {
  return new Project({ skipAddingFilesFromTsConfig: true, manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces } });
}

/** addToList adds `import { name } from 'spec'` and `name` as the last element of the array `list`. */
function addToList(sf: SourceFile, file: string, list: string, name: string, spec: string): void {
  const arr = sf.getVariableDeclarationOrThrow(list).getInitializerIfKindOrThrow(SyntaxKind.ArrayLiteralExpression);
  if (arr.getElements().some((e) => e.getText() === name) || sf.getImportDeclaration((d) => d.getNamedImports().some((i) => i.getName() === name))) {
    throw new NewAppError(`${file} already registers ${name}`);
  }
  // After the last import, like the hand-written ones (addImportDeclaration would put it first).
  sf.insertImportDeclaration(sf.getImportDeclarations().length, { moduleSpecifier: spec, namedImports: [name] });
  const comma = hasTrailingComma(arr);
  const added = arr.addElement(name);
  keepTrailingComma(sf, arr, added, comma);
}

/** registerDescriptor adds `import { xDescriptor } from '../apps/x/trace.ts'` and xDescriptor to DESCRIPTORS. */
export function registerDescriptor(sf: SourceFile, n: AppNames): void {
  addToList(sf, TRACE_REGISTRY, 'DESCRIPTORS', `${n.camel}Descriptor`, `../apps/${n.lower}/trace.ts`);
}

/** registerLinkage adds `import { xLinkage } from './x.ts'` and xLinkage to LINKAGE_TABLES. */
export function registerLinkage(sf: SourceFile, n: AppNames): void {
  addToList(sf, LINKAGE_REGISTRY, 'LINKAGE_TABLES', `${n.camel}Linkage`, `./${n.lower}.ts`);
}

/** addLoader adds `x: () => import('./x/FILE').then((m) => m.EXPORT)` to the object `table`. */
function addLoader(sf: SourceFile, table: string, n: AppNames, file: string, exported: string): void {
  const obj = sf.getVariableDeclarationOrThrow(table).getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
  if (obj.getProperty(n.lower) || obj.getProperty(`'${n.lower}'`)) throw new NewAppError(`${APP_REGISTRY} already has an application named ${n.lower} in ${table}`);
  const comma = hasTrailingComma(obj);
  const added = obj.addPropertyAssignment({ name: n.lower, initializer: `() => import('./${n.lower}/${file}').then((m) => m.${exported})` });
  keepTrailingComma(sf, obj, added, comma);
}

/** registerSimulation adds the simulation (sim.ts) to APP_SIMULATIONS and the TCP binding (tcp.ts) to APP_BINDINGS. */
export function registerSimulation(sf: SourceFile, n: AppNames): void {
  addLoader(sf, 'APP_SIMULATIONS', n, 'sim.ts', 'simulation');
  addLoader(sf, 'APP_BINDINGS', n, 'tcp.ts', 'binding');
}

/**
 * registrations applies both edits in memory and returns the new texts by path (relative to the
 * repository), so that the caller writes them only after every other check passed.
 */
export function registrations(repo: string, n: AppNames): Map<string, string> {
  const p = project();
  const trace = p.addSourceFileAtPath(join(repo, TRACE_REGISTRY));
  const apps = p.addSourceFileAtPath(join(repo, APP_REGISTRY));
  const linkage = p.addSourceFileAtPath(join(repo, LINKAGE_REGISTRY));
  registerDescriptor(trace, n);
  registerSimulation(apps, n);
  registerLinkage(linkage, n);
  return new Map([
    [TRACE_REGISTRY, trace.getFullText()],
    [APP_REGISTRY, apps.getFullText()],
    [LINKAGE_REGISTRY, linkage.getFullText()],
  ]);
}

/**
 * typescriptFiles renders the generated TypeScript files through ts-morph (one source file each,
 * parsed), refusing a template that does not parse: a broken template fails here, not in the
 * user's first `npm test`.
 */
export function typescriptFiles(files: Map<string, string>): Map<string, string> {
  const p = project();
  const out = new Map<string, string>();
  for (const [path, text] of files) {
    const sf = p.createSourceFile(path, text, { overwrite: false });
    const errors = p.getProgram().compilerObject.getSyntacticDiagnostics(sf.compilerNode);
    if (errors.length > 0) throw new NewAppError(`template for ${path} does not parse: ${String(errors[0]!.messageText)}`);
    out.set(path, sf.getFullText());
  }
  return out;
}
