/**
 * record.ts reruns TLC on corpus models and rewrites the TLC-derived fields of expected.json.
 * Usage: `TLA2TOOLS_JAR=/path/tla2tools.jar node --import tsx test/corpus/record.ts [name...]`
 * (no names: every model; a name matches any model whose name contains it).
 * The hand-written fields of each entry (name, spec, config, ci, note, skipped, embedded,
 * messageMatches, outputIncludes) are kept as they are.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tlcEngine } from '../../src/tla/runner/index.ts';
import { CORPUS_DIR, loadCorpus, type CorpusModel } from './corpus.ts';

const filters = process.argv.slice(2);
const path = join(CORPUS_DIR, 'expected.json');
const doc = JSON.parse(readFileSync(path, 'utf8')) as { models: CorpusModel[]; recordedAt?: string };
loadCorpus(); // validates the file before anything is rewritten
const unmatched = filters.filter((f) => !doc.models.some((m) => m.name.includes(f)));
if (unmatched.length > 0) {
  console.error(`record: no corpus model matches ${unmatched.join(', ')}`);
  process.exit(2);
}

for (const model of doc.models) {
  if (filters.length > 0 && !filters.some((f) => model.name.includes(f))) continue;
  const result = await tlcEngine.check({ spec: join(CORPUS_DIR, model.spec), config: join(CORPUS_DIR, model.config), workers: 1 });
  Object.assign(model, {
    verdict: result.verdict,
    violated: result.violated,
    distinct: result.distinct,
    generated: result.generated,
    depth: result.depth,
    traceLength: result.trace.length,
    tlcMessage: result.message ?? null,
  });
  if (result.trace.length > 0) model.trace = result.trace;
  else delete model.trace;
  if (!model.ci) {
    // Wall clock of the whole TLC run, JVM start included: a floor for TLC's real rate.
    model.tlcSeconds = Number(result.seconds.toFixed(2));
    model.tlcDistinctPerSecond = Math.round(result.distinct / result.seconds);
    model.tlcGeneratedPerSecond = Math.round(result.generated / result.seconds);
  }
  console.log(`${model.name}: ${result.verdict} ${result.violated ?? ''} distinct=${result.distinct} generated=${result.generated} depth=${result.depth} trace=${result.trace.length} (${result.seconds.toFixed(1)} s)`);
}
doc.recordedAt = new Date().toISOString().slice(0, 10);
writeFileSync(path, `${render(doc)}\n`);

/** render writes the document with two-space indentation, but each trace step on one line. */
function render(value: unknown, indent = ''): string {
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && 'state' in v)) {
    return `[\n${value.map((step) => `${indent}  ${JSON.stringify(step)}`).join(',\n')}\n${indent}]`;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
    return `[\n${value.map((v) => `${indent}  ${render(v, `${indent}  `)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{\n${entries.map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${render(v, `${indent}  `)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
