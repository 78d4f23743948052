/**
 * Registering a new application where the tooling finds it, as edits of the TypeScript syntax
 * tree (ts-morph), not text: its trace descriptor in src/trace/registry.ts (an import and an
 * element of DESCRIPTORS) and its simulation in src/apps/registry.ts (a property of
 * APP_SIMULATIONS). Each edit first checks that the name is not taken.
 */
import { Project, QuoteKind, SyntaxKind, IndentationText, type SourceFile } from 'ts-morph';
import { join } from 'node:path';
import { NewAppError, type AppNames } from './names.ts';

export const TRACE_REGISTRY = 'src/trace/registry.ts';
export const APP_REGISTRY = 'src/apps/registry.ts';

function project(): Project {
  return new Project({ skipAddingFilesFromTsConfig: true, manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces } });
}

/** registerDescriptor adds `import { xDescriptor } from '../apps/x/trace.ts'` and xDescriptor to DESCRIPTORS. */
export function registerDescriptor(sf: SourceFile, n: AppNames): void {
  const name = `${n.camel}Descriptor`;
  const list = sf.getVariableDeclarationOrThrow('DESCRIPTORS').getInitializerIfKindOrThrow(SyntaxKind.ArrayLiteralExpression);
  if (list.getElements().some((e) => e.getText() === name) || sf.getImportDeclaration((d) => d.getNamedImports().some((i) => i.getName() === name))) {
    throw new NewAppError(`${TRACE_REGISTRY} already registers ${name}`);
  }
  sf.addImportDeclaration({ moduleSpecifier: `../apps/${n.lower}/trace.ts`, namedImports: [name] });
  list.addElement(name);
}

/** registerSimulation adds `x: () => import('./x/sim.ts').then((m) => m.simulation)` to APP_SIMULATIONS. */
export function registerSimulation(sf: SourceFile, n: AppNames): void {
  const table = sf.getVariableDeclarationOrThrow('APP_SIMULATIONS').getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
  if (table.getProperty(n.lower) || table.getProperty(`'${n.lower}'`)) throw new NewAppError(`${APP_REGISTRY} already has an application named ${n.lower}`);
  table.addPropertyAssignment({ name: n.lower, initializer: `() => import('./${n.lower}/sim.ts').then((m) => m.simulation)` });
}

/**
 * registrations applies both edits in memory and returns the new texts by path (relative to the
 * repository), so that the caller writes them only after every other check passed.
 */
export function registrations(repo: string, n: AppNames): Map<string, string> {
  const p = project();
  const trace = p.addSourceFileAtPath(join(repo, TRACE_REGISTRY));
  const apps = p.addSourceFileAtPath(join(repo, APP_REGISTRY));
  registerDescriptor(trace, n);
  registerSimulation(apps, n);
  return new Map([
    [TRACE_REGISTRY, trace.getFullText()],
    [APP_REGISTRY, apps.getFullText()],
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
