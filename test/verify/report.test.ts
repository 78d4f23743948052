// The pieces of the verify report: coverage, mutation scores, layers, the sequence diagram, the
// HTML page (structurally), and the text summary's verdicts.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageOf } from '../../src/verify/coverage.ts';
import { unmatchedOf } from '../../src/verify/apps.ts';
import { layerOfModel, layerOfSource, orderLayers } from '../../src/verify/layers.ts';
import { mutationLine, readMutationScores } from '../../src/verify/mutation.ts';
import { renderHtml } from '../../src/verify/html.ts';
import { failureLines, layerProblems, reportOk, summaryTable, type LayerReport, type VerifyReport } from '../../src/verify/report.ts';
import { sequenceSvg } from '../../src/verify/sequence-svg.ts';
import { linkageOf } from '../../src/trace/linkage-tables/index.ts';
import type { EventLine } from '../../src/trace/spec-descriptor.ts';

const wor = linkageOf('WORPaxos')!;

describe('coverage', () => {
  it('fails on a must event never seen, reports a rare one, and maps events to spec actions', () => {
    const c = coverageOf(wor, { Promise: 3, Repair: 1, Read: 2 });
    expect(c.events.Promise).toBe(3);
    expect(c.events.Accepted).toBe(0);
    expect(c.missing).toContain('Accepted');
    expect(c.missing).not.toContain('CaptureDone'); // rare: the metadata WOR has no capture call
    expect(c.rareUnseen).toContain('CaptureDone');
    expect(c.actionsReached.sort()).toEqual(['Promise', 'Read', 'ReadDone']); // Repair stands for ReadDone
    expect(c.unobserved).toEqual(['ClientCrash', 'LoseMessage']); // WriteAlreadyWritten and HandOver are traced since s5-worclient
    const all = Object.fromEntries(Object.keys(wor.events).map((e) => [e, 1]));
    expect(coverageOf(wor, all).missing).toEqual([]);
  });
});

describe('an application trace\'s unmatched event', () => {
  it('is read from a message in the file\'s numbering only', () => {
    expect(unmatchedOf('event 173 (NDJSON line 174: SealCapture ...) matches no step', 190)).toBe(172);
    expect(unmatchedOf('event 191 (NDJSON line 192: x)', 190)).toBeNull();
    expect(unmatchedOf('transaction 4: event 3 of 9 matches no behaviour of WormTX', 100)).toBeNull();
  });
});

describe('layers', () => {
  it('splits the apps models by application and orders layers', () => {
    expect(layerOfModel({ spec: 'apps/MCWormLog.tla', layer: 'apps' })).toBe('wormlog');
    expect(layerOfModel({ spec: 'apps/MCTCommit.tla', layer: 'apps' })).toBe('wormtx');
    expect(layerOfModel({ spec: 'apps/MCReplicatedLog.tla', layer: 'apps' })).toBe('wormpaxos');
    expect(layerOfModel({ spec: 'apps/MCWOSRefinesWOSApi.tla', layer: 'apps' })).toBe('apps');
    expect(layerOfModel({ spec: 'wos/MCWOS.tla', layer: 'wos' })).toBe('wos');
    expect(layerOfSource('src/core/acceptor.ts')).toBe('wor');
    expect(layerOfSource('src/core/proposer/range-ops.ts')).toBe('wos');
    expect(layerOfSource('/abs/src/apps/wormtx/node.ts')).toBe('wormtx');
    expect(orderLayers(['wormtx', 'zzz', 'global', 'wor', 'wormtx'])).toEqual(['global', 'wor', 'wormtx', 'zzz']);
  });
});

describe('mutation scores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wormspace-mutation-'));
  it('sums a Stryker report per layer', () => {
    const file = join(dir, 'mutation.json');
    const m = (status: string) => ({ id: '1', mutatorName: 'X', status });
    writeFileSync(file, JSON.stringify({ schemaVersion: '2', files: {
      'src/core/acceptor.ts': { mutants: [m('Killed'), m('Killed'), m('Timeout'), m('Survived'), m('CompileError')] },
      'src/apps/wormlog/node.ts': { mutants: [m('Killed'), m('NoCoverage')] },
    } }));
    const s = readMutationScores(file)!;
    expect(s.wor).toEqual({ killed: 2, timeout: 1, survived: 1, noCoverage: 0, other: 1, score: 75, stale: [] });
    expect(s.wormlog!.score).toBe(50);
  });
  it('does not count a file whose source changed since the run, and says the report is stale', () => {
    const root = join(dir, 'project');
    mkdirSync(join(root, 'src', 'core'), { recursive: true });
    writeFileSync(join(root, 'src', 'core', 'acceptor.ts'), 'export const x = 1;\n');
    const m = (status: string) => ({ id: '1', mutatorName: 'X', status });
    const file = join(dir, 'sourced.json');
    const report = (source: string) => JSON.stringify({ schemaVersion: '2', files: { 'src/core/acceptor.ts': { source, mutants: [m('Killed'), m('Survived')] } } });
    writeFileSync(file, report('export const x = 1;\n'));
    expect(readMutationScores(file, root)!.wor).toMatchObject({ killed: 1, survived: 1, score: 50, stale: [] });
    writeFileSync(file, report('export const x = 2;\n'));
    const stale = readMutationScores(file, root)!.wor!;
    expect(stale).toMatchObject({ killed: 0, survived: 0, score: null, stale: ['src/core/acceptor.ts'] });
    expect(mutationLine(stale)).toBe('mutation report stale: src/core/acceptor.ts changed since the run (no score shown; run `npm run mutation` again)');
  });
  it('skips a missing report and names a broken one', () => {
    expect(readMutationScores(join(dir, 'none.json'))).toBeNull();
    writeFileSync(join(dir, 'bad.json'), '{"files": 3}');
    expect(() => readMutationScores(join(dir, 'bad.json'))).toThrow(/bad.json: no "files" object/);
    writeFileSync(join(dir, 'worse.json'), 'nope');
    expect(() => readMutationScores(join(dir, 'worse.json'))).toThrow(/worse.json: not JSON/);
  });
});

const EVENTS: EventLine[] = [
  { action: 'Capture', client: 1, ballot: [1, 1] },
  { action: 'Promise', acceptor: 's0', ballot: [1, 1], promised: [1, 1], acceptedBallot: null, acceptedValue: null },
  { action: 'Accepted', acceptor: 's1', ballot: [1, 1], promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: '<v&1>' },
  { action: 'WriteDone', client: 1, result: { status: 'ok' } },
];

describe('sequence diagram', () => {
  it('draws a lane per participant, an arrow per reply, and the unmatched event in red', () => {
    const svg = sequenceSvg(EVENTS, 2);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="sequence"')).toBe(true);
    expect(svg.match(/class="lane"/g)).toHaveLength(3); // client 1, s0, s1
    expect(svg).toContain('>client 1<');
    expect(svg.match(/marker-end/g)).toHaveLength(2); // the two acceptor replies to client 1
    expect(svg.match(/class="event unmatched"/g)).toHaveLength(1);
    expect(svg).toContain('data-index="3"');
    expect(svg).toContain('acceptedValue=&lt;v&amp;1&gt;'); // escaped
    expect(svg).not.toContain('<v&1>');
  });
  it('shows a window that ends just after the unmatched event', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ action: 'Read', client: 1, n: i + 1 }));
    const svg = sequenceSvg(many, 70, { maxRows: 10 });
    expect(svg.match(/<g class="event/g)).toHaveLength(10);
    expect(svg).toContain('(64 earlier events not shown)');
    expect(svg).toContain('data-index="74"');
    expect(svg).not.toContain('data-index="75"');
  });
});

function layer(over: Partial<LayerReport>): LayerReport {
  return { layer: 'wor', models: [], traces: [], coverage: [], mutation: null, linkage: [], ...over };
}

function sampleReport(): VerifyReport {
  const rejected = { subject: 'WORPaxos', seed: 3, events: 4, verdict: 'rejected' as const, seconds: 0.5, detail: 'event 3: Accepted s1', violations: [], diagram: { events: EVENTS, unmatched: 2 } };
  return {
    engine: 'embedded',
    seconds: 12,
    notes: [],
    layers: [
      layer({ layer: 'global', models: [{ entry: { spec: 'global/MCNetwork.tla', config: 'global/MCNetwork.cfg', expect: 'ok', violated: null, distinct: 400, generated: 2841, depth: 13, ci: true, layer: 'global' } as never, result: { verdict: 'ok', distinct: 400, generated: 2841, seconds: 1 } as never, problems: [] }] }),
      layer({ traces: [rejected], coverage: [coverageOf(wor, { Promise: 1 })], mutation: { killed: 9, timeout: 0, survived: 1, noCoverage: 0, other: 0, score: 90, stale: [] } }),
    ],
  };
}

describe('report', () => {
  it('a layer fails on a rejected trace and on a must event never exercised; the summary says so', () => {
    const r = sampleReport();
    expect(layerProblems(r.layers[0]!)).toEqual([]);
    expect(layerProblems(r.layers[1]!)).toEqual([expect.stringMatching(/1 trace\(s\) rejected/), expect.stringMatching(/^WORPaxos: never exercised: RejectPrepare, Accepted/)]);
    expect(reportOk(r)).toBe(false);
    expect(failureLines(r)[0]).toMatch(/^wor: 1 trace/);
    const t = summaryTable(r).split('\n');
    expect(t[2]).toMatch(/^global\s+1\/1\s+400\s+-\s+0\s+-\s+-\s+-\s+ok$/);
    expect(t[3]).toMatch(/^wor\s+-\s+0\s+0\/1 accepted\s+4\s+1\/23 events \(MISSING\)\s+-\s+90% \(1 survived\)\s+FAIL$/);
  });

  it('the HTML page is self-contained and has one diagram per rejected trace', () => {
    const html = renderHtml(sampleReport(), new Date('2026-12-05T00:00:00Z'));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<body data-verdict="fail">');
    expect(html.match(/<section class="layer"/g)).toHaveLength(2);
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain('Rejected trace: WORPaxos seed 3');
    expect(html).toContain('mutation score 90%');
    // Nothing loaded from elsewhere.
    expect(html).not.toMatch(/<link|src=|@import|url\((?!#)/);
  });
});
