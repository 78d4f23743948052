/**
 * `wormspace new-app NAME`: a new WormSpace application from the templates in templates/new-app/,
 * which are WormCounter's files with its name left out (WormCounter itself was generated this
 * way; docs/extending.md walks through it). One call writes:
 *   tla/apps/NAME.tla (over WOSApi), NAMEAbstract.tla (or the --abstract-spec file),
 *   MCNAME.tla/.cfg, MCNAME_SkipOnPreempt.cfg (the wrong variant), TraceNAME.tla;
 *   src/apps/name/ (node.ts, trace.ts, sim.ts, tcp.ts: the node on the client library and its
 *   binding for `wormspace app name OP`), src/trace/linkage-tables/name.ts, refinement/name.ts,
 *   test/apps/name/ (name.test.ts; kill.test.ts on loopback servers);
 *   the trace descriptor, linkage table, simulation and binding registered (ts-morph edits of
 *   the three registries);
 *   both models in tla/models.json, with the counts the embedded checker measured just now, in
 *   the application's own layer (layer "name"), so `wormspace verify --layer name` checks
 *   its models, its simulations' traces and its linkage, and nothing else.
 * Nothing is written until every check passed: the name is free (no file, registry entry or
 * model of that name: new-app never overwrites), the templates parse, and the models give their
 * verdicts (ok, and the wrong variant breaking the refinement).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { pickEngine } from '../tla/engines.ts';
import type { ModelEntry } from '../tla/manifest.ts';
import { specVariables } from '../../refinement/spec-variables.ts';
import { appNames, NewAppError, substitute, tidyTla, type AppNames } from './names.ts';
import { registrations, typescriptFiles } from './register.ts';

export const TEMPLATES = 'templates/new-app';
export const MODELS_JSON = 'tla/models.json';

export interface NewAppOptions {
  /** The repository to add the application to. */
  repo: string;
  name: string;
  /** A TLA+ module to refine instead of the generated NAMEAbstract.tla (variables count, at, ans). */
  abstractSpec?: string | null;
}

export interface NewAppResult {
  names: AppNames;
  /** Files written or changed, relative to the repository. */
  files: string[];
  models: ModelEntry[];
}

/** The variables the generated refinement mapping gives values to (see the template of NAME.tla). */
const ABSTRACT_VARIABLES = ['ans', 'at', 'count'];

function walk(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

/** readAbstract checks an --abstract-spec file: a TLA+ module declaring exactly the mapped variables. */
function readAbstract(file: string): { module: string; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new NewAppError(`--abstract-spec ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const m = /-{4,}\s*MODULE\s+([A-Za-z0-9_]+)\s*-{4,}/.exec(text);
  if (!m) throw new NewAppError(`--abstract-spec ${file}: no "---- MODULE Name ----" line`);
  if (basename(file) !== `${m[1]}.tla`) throw new NewAppError(`--abstract-spec ${file}: module ${m[1]} must be in a file named ${m[1]}.tla`);
  let vars: string[];
  try {
    vars = specVariables(file).sort();
  } catch (err) {
    throw new NewAppError(`--abstract-spec ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (vars.join(',') !== ABSTRACT_VARIABLES.join(',')) {
    throw new NewAppError(`--abstract-spec ${file}: the generated mapping defines VARIABLES ${ABSTRACT_VARIABLES.join(', ')}; module ${m[1]} declares ${vars.join(', ') || 'none'} (generate without --abstract-spec and edit the mapping in NAME.tla instead)`);
  }
  return { module: m[1]!, text };
}

/** The model entries of a new application, with the counts measured in `dir`. */
async function checkModels(dir: string, n: AppNames): Promise<ModelEntry[]> {
  const engine = pickEngine('embedded');
  const spec = join(dir, `MC${n.pascal}.tla`);
  const ok = await engine.check({ spec, config: join(dir, `MC${n.pascal}.cfg`), workers: 1 });
  if (ok.verdict !== 'ok') throw new NewAppError(`the generated MC${n.pascal}.cfg does not check: ${ok.verdict}${ok.violated ? ` (${ok.violated})` : ''}${ok.message ? `: ${ok.message}` : ''}`);
  const bad = await engine.check({ spec, config: join(dir, `MC${n.pascal}_SkipOnPreempt.cfg`), workers: 1 });
  if (bad.verdict !== 'property') throw new NewAppError(`the wrong variant MC${n.pascal}_SkipOnPreempt.cfg should break the refinement of ${n.abstract}, but the checker says ${bad.verdict}${bad.message ? `: ${bad.message}` : ''}`);
  const entry = (config: string, r: typeof ok, note: string): ModelEntry => ({ spec: `apps/MC${n.pascal}.tla`, config: `apps/${config}`, expect: r.verdict as ModelEntry['expect'], violated: r.violated, distinct: r.distinct, generated: r.generated, depth: r.depth, ci: true, layer: n.lower, note });
  return [
    entry(`MC${n.pascal}.cfg`, ok, `${n.pascal} (generated by wormspace new-app) over the abstract WOS with late writes: 2 clients x 1 increment, 2 segments x 1 slot, MaxId 4: WrittenPrefix, AnswerHeld, AnswersUnique and ${n.pascal} => ${n.abstract}`),
    entry(`MC${n.pascal}_SkipOnPreempt.cfg`, bad, `teeth: a client whose write is preempted skips to the next slot; the slot may stay empty (${n.pascal} => ${n.abstract})`),
  ];
}

/** appendModels adds entries to models.json, one per line like the others. */
export function appendModels(text: string, entries: ModelEntry[]): string {
  const body = text.trimEnd();
  if (!body.endsWith(']')) throw new NewAppError(`${MODELS_JSON} does not end with "]"`);
  const head = body.slice(0, -1).trimEnd();
  const lines = entries.map((e) => `  ${JSON.stringify(e).replace(/":/g, '": ').replace(/,"/g, ', "')}`);
  const out = `${head}${head.endsWith('[') ? '\n' : ',\n'}${lines.join(',\n')}\n]\n`;
  JSON.parse(out);
  return out;
}

export async function newApp(opts: NewAppOptions): Promise<NewAppResult> {
  const n = appNames(opts.name);
  const abstract = opts.abstractSpec ? readAbstract(opts.abstractSpec) : null;
  if (abstract) n.abstract = abstract.module;
  const repo = opts.repo;
  const templates = join(repo, TEMPLATES);
  if (!existsSync(templates)) throw new NewAppError(`no templates at ${TEMPLATES} (run new-app in the repository's root)`);

  // Every file, in memory.
  const files = new Map<string, string>();
  for (const t of walk(templates)) {
    if (!t.endsWith('.tmpl')) continue;
    const rel = relative(templates, t).slice(0, -'.tmpl'.length);
    if (abstract && rel.includes('__Abstract__')) continue;
    const text = substitute(readFileSync(t, 'utf8'), n);
    files.set(substitute(rel, n), rel.endsWith('.tla') ? tidyTla(text) : text);
  }
  if (abstract) files.set(`tla/apps/${abstract.module}.tla`, abstract.text);
  for (const path of files.keys()) {
    if (existsSync(join(repo, path))) throw new NewAppError(`refusing to overwrite ${path}: it exists (new-app never overwrites; pick another name or remove the application's files first)`);
  }
  const appDir = `src/apps/${n.lower}`;
  if (existsSync(join(repo, appDir))) throw new NewAppError(`refusing to overwrite ${appDir}/: it exists`);
  const models = readFileSync(join(repo, MODELS_JSON), 'utf8');
  if (models.includes(`"apps/MC${n.pascal}.tla"`)) throw new NewAppError(`${MODELS_JSON} already lists apps/MC${n.pascal}.tla`);
  const registries = registrations(repo, n);
  const ts = typescriptFiles(new Map([...files].filter(([p]) => p.endsWith('.ts'))));
  for (const [p, text] of ts) files.set(p, text);

  // The models, checked in a scratch folder before anything is written.
  const scratch = mkdtempSync(join(tmpdir(), 'wormspace-new-app-'));
  let entries: ModelEntry[];
  try {
    copyFileSync(join(repo, 'tla/apps/WOSApi.tla'), join(scratch, 'WOSApi.tla'));
    for (const [p, text] of files) if (p.startsWith('tla/apps/')) writeFileSync(join(scratch, basename(p)), text);
    entries = await checkModels(scratch, n);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  for (const [p, text] of files) {
    mkdirSync(dirname(join(repo, p)), { recursive: true });
    writeFileSync(join(repo, p), text, { flag: 'wx' });
  }
  for (const [p, text] of registries) writeFileSync(join(repo, p), text);
  writeFileSync(join(repo, MODELS_JSON), appendModels(models, entries));
  return { names: n, files: [...files.keys(), ...registries.keys(), MODELS_JSON], models: entries };
}
