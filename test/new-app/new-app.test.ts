// wormspace new-app's parts, without generating a whole application (test/new-app/walkthrough
// does that, in a copy of the repository): names, the ts-morph registrations, models.json lines,
// and the refusals (bad name, taken name, unreadable or unfit --abstract-spec).
import { describe, expect, it, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { appNames, NewAppError, substitute, tidyTla } from '../../src/new-app/names.ts';
import { registrations, APP_REGISTRY, LINKAGE_REGISTRY, TRACE_REGISTRY } from '../../src/new-app/register.ts';
import { appendModels, newApp } from '../../src/new-app/generate.ts';
import { REPO } from '../../src/trace/model.ts';
import { APP_SIMULATIONS } from '../../src/apps/registry.ts';
import { knownLayers, layerOfModel } from '../../src/verify/layers.ts';
import { freeAppName } from './free-name.ts';

/** The name generated here: Demo, or Demo2... when this checkout already has a Demo. */
const N = freeAppName();

const scratch = mkdtempSync(join(tmpdir(), 'new-app-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A minimal repository: the three registries, models.json, the templates. */
function miniRepo(): string {
  const dir = mkdtempSync(join(scratch, 'repo-'));
  for (const f of [TRACE_REGISTRY, APP_REGISTRY, LINKAGE_REGISTRY, 'tla/models.json', 'tla/apps/WOSApi.tla']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), readFileSync(join(REPO, f)));
  }
  cpSync(join(REPO, 'templates'), join(dir, 'templates'), { recursive: true });
  return dir;
}

describe('new-app names', () => {
  it('derives the module, folder, value and constant names', () => {
    expect(appNames('demo')).toEqual({ pascal: 'Demo', lower: 'demo', camel: 'demo', upper: 'DEMO', abstract: 'DemoAbstract' });
    expect(substitute('__Name__ __name__ __camel__ __UPPER__ __Abstract__', appNames('WormCounter'))).toBe('WormCounter wormcounter wormCounter WORMCOUNTER WormCounterAbstract');
  });
  it.each(['', 'x', '9lives', 'my-app', 'a b', 'é', 'A'.repeat(41)])('refuses %j with one line', (name) => {
    expect(() => appNames(name)).toThrow(NewAppError);
    try {
      appNames(name);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('the templates', () => {
  // WormCounter was generated from them: each template, named WormCounter and without its SHAPE
  // lines (the marks of what is counter-specific, docs/extending.md), is WormCounter's file.
  const dir = join(REPO, 'templates/new-app');
  const templates = (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile() && d.name.endsWith('.tmpl')).map((d) => relative(dir, join(d.parentPath, d.name)));
  it.each(templates)('%s is WormCounter\'s file with SHAPE marks', (t) => {
    const n = appNames('WormCounter');
    const out = substitute(t.slice(0, -'.tmpl'.length), n);
    const text = substitute(readFileSync(join(dir, t), 'utf8'), n).split('\n').filter((l) => !/^\s*(\\\*|\/\/) SHAPE \d/.test(l)).join('\n');
    expect(out.endsWith('.tla') ? tidyTla(text) : text).toBe(readFileSync(join(REPO, out), 'utf8'));
  });
  it('marks every counter-specific layer: SHAPE 1 to 7', () => {
    const marks = new Set(templates.flatMap((t) => [...readFileSync(join(dir, t), 'utf8').matchAll(/(?:\\\*|\/\/) SHAPE (\d)/g)].map((m) => Number(m[1]))));
    expect([...marks].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('new-app registrations (ts-morph)', () => {
  it('adds an import and an entry to each registry, keeping the style', () => {
    const dir = miniRepo();
    const r = registrations(dir, N);
    const trace = r.get(TRACE_REGISTRY)!;
    expect(trace).toContain(`import { ${N.camel}Descriptor } from '../apps/${N.lower}/trace.ts';`);
    expect(trace).toMatch(new RegExp(`Descriptor,\\n {2}${N.camel}Descriptor,\\n\\];`));
    const apps = r.get(APP_REGISTRY)!;
    const sim = `  ${N.lower}: () => import('./${N.lower}/sim.ts').then((m) => m.simulation),\n`;
    const tcp = `  ${N.lower}: () => import('./${N.lower}/tcp.ts').then((m) => m.binding),\n`;
    expect(apps).toContain(`${sim}};`);
    expect(apps).toContain(`${tcp}};`);
    const linkage = r.get(LINKAGE_REGISTRY)!;
    expect(linkage).toContain(`import { ${N.camel}Linkage } from './${N.lower}.ts';`);
    expect(linkage).toMatch(new RegExp(`Linkage, ${N.camel}Linkage\\];`)); // appended last, after whatever table ends the list
    // Everything else is unchanged.
    expect(apps.replace(sim, '').replace(tcp, '')).toBe(readFileSync(join(dir, APP_REGISTRY), 'utf8'));
    expect(linkage.replace(`import { ${N.camel}Linkage } from './${N.lower}.ts';\n`, '').replace(`, ${N.camel}Linkage]`, ']')).toBe(readFileSync(join(dir, LINKAGE_REGISTRY), 'utf8'));
  });
  it('refuses a name the registries already have', () => {
    const dir = miniRepo();
    expect(() => registrations(dir, appNames('WormCounter'))).toThrow(/already registers wormCounterDescriptor/);
  });
});

describe('new-app models.json lines', () => {
  it('appends one entry per line, valid JSON', () => {
    const out = appendModels('[\n  {"spec": "a"}\n]\n', [{ spec: 'apps/MCX.tla', config: 'apps/MCX.cfg', expect: 'ok', violated: null, distinct: 3, generated: 4, depth: 2, ci: true }]);
    expect(out).toBe('[\n  {"spec": "a"},\n  {"spec": "apps/MCX.tla", "config": "apps/MCX.cfg", "expect": "ok", "violated": null, "distinct": 3, "generated": 4, "depth": 2, "ci": true}\n]\n');
    expect(JSON.parse(out)).toHaveLength(2);
  });
});

describe('a generated application is a layer of verify', () => {
  it('its models carry its name as their layer, and verify --layer knows every registered application', () => {
    expect(layerOfModel({ spec: 'apps/MCDemo.tla', layer: 'demo' })).toBe('demo');
    for (const app of Object.keys(APP_SIMULATIONS)) expect(knownLayers()).toContain(app);
    expect(knownLayers().slice(0, 3)).toEqual(['global', 'wor', 'wos']);
  });
});

describe('new-app refusals write nothing', () => {
  it('a taken name: the files exist', async () => {
    const dir = miniRepo();
    mkdirSync(join(dir, 'tla/apps'), { recursive: true });
    writeFileSync(join(dir, `tla/apps/${N.pascal}.tla`), 'mine');
    const models = readFileSync(join(dir, 'tla/models.json'), 'utf8');
    await expect(newApp({ repo: dir, name: N.pascal })).rejects.toThrow(new RegExp(`refusing to overwrite tla/apps/${N.pascal}.tla`));
    expect(readFileSync(join(dir, `tla/apps/${N.pascal}.tla`), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'tla/models.json'), 'utf8')).toBe(models);
  });
  it('an --abstract-spec that cannot be read, or declares other variables', async () => {
    const dir = miniRepo();
    await expect(newApp({ repo: dir, name: N.pascal, abstractSpec: join(dir, 'nope.tla') })).rejects.toThrow(/--abstract-spec .*nope.tla: cannot read it \(ENOENT\)/);
    const other = join(dir, 'Other.tla');
    writeFileSync(other, '---- MODULE Other ----\nVARIABLES x, y\nInit == x = 0 /\\ y = 0\n====\n');
    await expect(newApp({ repo: dir, name: N.pascal, abstractSpec: other })).rejects.toThrow(/defines VARIABLES ans, at, count; module Other declares x, y/);
  });

  it('an --abstract-spec the generated application does not refine', async () => {
    const dir = miniRepo();
    const strict = join(dir, 'Strict.tla');
    // A counter that never answers late: the application's Answer steps break the refinement.
    const text = readFileSync(join(REPO, 'tla/apps/WormCounterAbstract.tla'), 'utf8').replace('MODULE WormCounterAbstract', 'MODULE Strict').replace('Next == \\E o \\in Op : Apply(o) \\/ ApplyAndAnswer(o) \\/ Answer(o)', 'Next == \\E o \\in Op : Apply(o) \\/ ApplyAndAnswer(o)');
    expect(text).toContain('Next == \\E o \\in Op : Apply(o) \\/ ApplyAndAnswer(o)\n');
    writeFileSync(strict, text);
    const models = readFileSync(join(dir, 'tla/models.json'), 'utf8');
    await expect(newApp({ repo: dir, name: N.pascal, abstractSpec: strict })).rejects.toThrow(new RegExp(`the generated MC${N.pascal}.cfg does not check: property`));
    expect(readFileSync(join(dir, 'tla/models.json'), 'utf8')).toBe(models);
    expect(existsSync(join(dir, `tla/apps/${N.pascal}.tla`))).toBe(false);
  }, 300_000);
});

describe('new-app --abstract-spec', () => {
  it('generates an application refining the given module, copied next to it', async () => {
    const dir = miniRepo();
    const mine = join(dir, 'MyCounter.tla');
    writeFileSync(mine, readFileSync(join(REPO, 'tla/apps/WormCounterAbstract.tla'), 'utf8').replace('MODULE WormCounterAbstract', 'MODULE MyCounter'));
    const r = await newApp({ repo: dir, name: N.pascal, abstractSpec: mine });
    expect(r.files).toContain('tla/apps/MyCounter.tla');
    expect(r.files).not.toContain(`tla/apps/${N.pascal}Abstract.tla`);
    expect(readFileSync(join(dir, `tla/apps/${N.pascal}.tla`), 'utf8')).toContain('A == INSTANCE MyCounter WITH');
    expect(r.models.map((m) => [m.config, m.expect, m.distinct, m.layer])).toEqual([
      [`apps/MC${N.pascal}.cfg`, 'ok', 541, N.lower],
      [`apps/MC${N.pascal}_SkipOnPreempt.cfg`, 'property', 431, N.lower],
    ]);
    expect(readFileSync(join(dir, `src/apps/${N.lower}/trace.ts`), 'utf8')).toContain("'tla/apps/MyCounter.tla'");
  }, 300_000);
});

