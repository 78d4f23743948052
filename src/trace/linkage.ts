/**
 * Spec–code linkage (issue 10, item 6). For each traced spec a linkage table (linkage-tables/)
 * says, for every event the code traces, which spec actions it stands for and which TypeScript
 * function implements it; and, for every spec action no event stands for, why it is not
 * observed. checkLinkage compares the table with three sources of truth and reports every gap:
 *
 *  - the trace descriptor (src/trace/registry.ts): the events the trace format accepts;
 *  - the spec, parsed with the repository's TLA+ parser (spec-actions.ts): the actions of Next,
 *    and the wrapper module, which must handle each event name and use each action it maps to;
 *  - the TypeScript source, read with ts-morph: each named function exists in the named file
 *    and, where the table says it emits the event, names the event in a string literal.
 *
 * A gap is a line of text; the test under test/trace/ fails on any, so CI catches a renamed
 * action, a new event without a table row, or a function that moved.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Node, Project, SyntaxKind, type SourceFile } from 'ts-morph';
import type { TraceDescriptor } from './spec-descriptor.ts';
import { parseSpecActions, type SpecActions } from './spec-actions.ts';

/** A function in the TypeScript source: `fn` is `name` (top level) or `Class.method`. */
export interface CodeRef {
  file: string;
  fn: string;
}

export interface EventLink {
  /** The spec actions this event stands for (the wrapper takes one of them). */
  actions: string[];
  /** Why the event stands for no action (a step that changes nothing): required when actions is empty. */
  stutter?: string;
  /** The function that implements the step. */
  impl: CodeRef;
  /** True when `impl` names the event in a string literal (it emits the event itself). */
  emits?: boolean;
  /**
   * Why the verify runs may never see this event (a fault they do not inject, say). Without it,
   * an event the verify traces never contain is a coverage failure.
   */
  rare?: string;
}

export interface UnobservedAction {
  /** Why no event stands for this action. */
  reason: string;
  /** The code that takes the step, when there is such code. */
  impl?: CodeRef;
}

export interface SpecLinkage {
  /** The trace descriptor's name (the header's "trace"). */
  descriptor: string;
  /** The layer verify reports it under (wor, wos, apps). */
  layer: string;
  /** The spec whose Next is split into actions, relative to the repository. */
  spec: string;
  /** The next-state definition to split (default "Next"). */
  next?: string;
  events: Record<string, EventLink>;
  unobserved: Record<string, UnobservedAction>;
}

export interface LinkageReport {
  descriptor: string;
  spec: string;
  actions: string[];
  events: string[];
  gaps: string[];
}

/** A ts-morph project over the files the tables name, each parsed once. */
export class CodeIndex {
  private readonly project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: false } });
  private readonly files = new Map<string, SourceFile | null>();
  constructor(private readonly root: string) {}

  private source(file: string): SourceFile | null {
    if (!this.files.has(file)) {
      const path = join(this.root, file);
      this.files.set(file, existsSync(path) ? this.project.addSourceFileAtPath(path) : null);
    }
    return this.files.get(file)!;
  }

  /** find returns the function's node, or what is missing as a sentence. */
  find(ref: CodeRef): Node | string {
    const sf = this.source(ref.file);
    if (!sf) return `${ref.file} does not exist`;
    const [owner, member] = ref.fn.includes('.') ? ref.fn.split('.', 2) : [null, ref.fn];
    if (owner !== null) {
      const cls = sf.getClass(owner);
      if (!cls) return `${ref.file} has no class ${owner}`;
      const m = cls.getMethod(member!) ?? cls.getProperty(member!) ?? cls.getGetAccessor(member!);
      return m ?? `class ${owner} in ${ref.file} has no method ${member}`;
    }
    const f = sf.getFunction(member!) ?? sf.getVariableDeclaration(member!);
    return f ?? `${ref.file} has no top-level function ${member}`;
  }

  /** namesLiteral: the node contains the string literal `text` (quoted or as a template without substitutions). */
  static namesLiteral(node: Node, text: string): boolean {
    const kinds = [SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral];
    return kinds.some((k) => node.getDescendantsOfKind(k).some((s) => (s as unknown as { getLiteralText(): string }).getLiteralText() === text));
  }
}

const show = (r: CodeRef) => `${r.file} ${r.fn}`;

/**
 * checkLinkage lists every gap between a linkage table, its trace descriptor, its spec and
 * wrapper, and the code. An empty list means the three agree.
 */
export function checkLinkage(link: SpecLinkage, descriptor: TraceDescriptor | undefined, root: string, code: CodeIndex): LinkageReport {
  const gaps: string[] = [];
  const where = `${link.descriptor}`;
  let spec: SpecActions | null = null;
  try {
    spec = parseSpecActions(join(root, link.spec), link.next);
  } catch (err) {
    gaps.push(`${where}: cannot read the actions of ${link.spec}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const actions = new Set(spec?.actions.map((a) => a.name) ?? []);

  // The descriptor's events and the table's rows must be the same set.
  let wrapper: SpecActions | null = null;
  if (!descriptor) gaps.push(`${where}: no trace descriptor of that name is registered (src/trace/registry.ts)`);
  else {
    for (const e of Object.keys(descriptor.events)) if (!Object.hasOwn(link.events, e)) gaps.push(`${where}: traced event ${e} has no linkage row (which spec action, which function)`);
    for (const e of Object.keys(link.events)) if (!Object.hasOwn(descriptor.events, e)) gaps.push(`${where}: linkage row ${e} is no event of the trace format`);
    const file = descriptor.specFiles.find((f) => f.endsWith(`/${descriptor.wrapper}.tla`));
    if (!file) gaps.push(`${where}: the wrapper ${descriptor.wrapper} is not among the descriptor's spec files`);
    else {
      try {
        // Only its references and strings are needed; its Next is not split.
        wrapper = parseSpecActions(join(root, file), 'TraceNext');
      } catch (err) {
        gaps.push(`${where}: cannot parse the wrapper ${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  const traced = new Set<string>();
  for (const [e, row] of Object.entries(link.events)) {
    if (row.actions.length === 0 && !row.stutter) gaps.push(`${where}: event ${e} stands for no spec action and gives no reason (stutter)`);
    for (const a of row.actions) {
      traced.add(a);
      if (spec && !actions.has(a)) gaps.push(`${where}: event ${e} names ${a}, which is no action of ${link.spec} (actions: ${[...actions].join(', ')})`);
      if (wrapper && !wrapper.referenced.has(a)) gaps.push(`${where}: event ${e} names ${a}, but the wrapper ${wrapper.module} never takes ${a}`);
    }
    if (wrapper && !wrapper.strings.has(e)) gaps.push(`${where}: the wrapper ${wrapper.module} never matches an event "${e}"`);
    const node = code.find(row.impl);
    if (typeof node === 'string') gaps.push(`${where}: event ${e}: implementing function ${show(row.impl)} not found: ${node}`);
    else if (row.emits && !CodeIndex.namesLiteral(node, e)) gaps.push(`${where}: event ${e}: ${show(row.impl)} is said to emit it but never names '${e}'`);
  }
  for (const [a, u] of Object.entries(link.unobserved)) {
    if (spec && !actions.has(a)) gaps.push(`${where}: unobserved ${a} is no action of ${link.spec}`);
    if (traced.has(a)) gaps.push(`${where}: ${a} is both traced and declared unobserved`);
    if (!u.reason.trim()) gaps.push(`${where}: unobserved ${a} gives no reason`);
    if (u.impl) {
      const node = code.find(u.impl);
      if (typeof node === 'string') gaps.push(`${where}: unobserved ${a}: implementing function ${show(u.impl)} not found: ${node}`);
    }
  }
  for (const a of actions) if (!traced.has(a) && !Object.hasOwn(link.unobserved, a)) gaps.push(`${where}: spec action ${a} (${link.spec}) is neither traced nor declared unobserved`);
  return { descriptor: link.descriptor, spec: link.spec, actions: [...actions], events: Object.keys(link.events), gaps };
}

/**
 * checkAllLinkage checks every table and that every registered trace descriptor has one.
 * `descriptors` maps a name to its descriptor (the registry's descriptorOf).
 */
export function checkAllLinkage(tables: SpecLinkage[], names: string[], descriptorOf: (n: string) => TraceDescriptor | undefined, root: string): LinkageReport[] {
  const code = new CodeIndex(root);
  const reports = tables.map((t) => checkLinkage(t, descriptorOf(t.descriptor), root, code));
  const missing = names.filter((n) => !tables.some((t) => t.descriptor === n));
  if (missing.length > 0) reports.push({ descriptor: '(registry)', spec: '', actions: [], events: [], gaps: missing.map((n) => `trace descriptor ${n} has no linkage table (src/trace/linkage-tables/)`) });
  return reports;
}
