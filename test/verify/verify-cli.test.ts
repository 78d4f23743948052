// `wormspace verify` as a user runs it, on small selections: lines stream per finished item,
// the per-layer summary ends the run, --json and --html carry the same report, and the run
// fails when a must event is never exercised (one WORPaxos seed is not enough).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('wormspace verify', () => {
  it('an unknown layer is a one-line error', () => {
    const r = runCli(['verify', '--layer', 'nope', '--engine', 'embedded']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('Verifying'))).toEqual([expect.stringMatching(/no layer matched --layer nope; layers: global, wor, wos/)]);
  }, 60_000);

  it('--linkage prints each table (event -> spec actions -> function) and exits 0 without a gap', () => {
    const r = runCli(['verify', '--linkage']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^WORPaxos \(tla\/wor\/WORPaxos.tla, layer wor\): 23 events, \d+ spec actions, no gap$/m);
    expect(r.stdout).toContain('  Repair -> ReadDone -> src/core/proposer/read-op.ts ReadOp.decide (emits it)');
    expect(r.stdout).toMatch(/^ {2}\(unobserved\) LoseMessage: /m);
    expect(r.stdout).toMatch(/^WormTX \(tla\/apps\/WormTX.tla, layer wormtx\)/m);
    expect(r.stdout).not.toContain('GAP');
  }, 60_000);

  it('streams a layer, names the violated property of an expected failure, and writes the page', () => {
    const html = join(mkdtempSync(join(tmpdir(), 'wormspace-verify-')), 'report.html');
    const r = runCli(['verify', '--engine', 'embedded', '--layer', 'global', '--filter', 'AckBeforePersist', '--html', html]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '== global',
      expect.stringMatching(/^model global\/MCNetwork_AckBeforePersist.cfg: expect invariant, got invariant \(AckedIsDurable\), 21 distinct \/ 40 generated states, [\d.]+ s: ok$/),
      'global: ok',
    ]);
    expect(r.stdout).toMatch(/^global\s+1\/1\s+21\s+-/m);
    expect(r.stdout).toMatch(/1 of 1 models as expected \(embedded engine\); every layer ok/);
    expect(existsSync(html)).toBe(true);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<body data-verdict="ok">');
    expect(page).toContain('MCNetwork_AckBeforePersist.cfg');
  }, 120_000);

  it('fails when the traces never exercise an event they must, and says which (JSON)', () => {
    // The filter matches no wor model: the layer runs its traces only.
    const r = runCli(['verify', '--engine', 'embedded', '--layer', 'wor', '--filter', 'MCNetwork_AckBeforePersist', '--trace-seeds', '1', '--json'], { timeoutMs: 240_000 });
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as { ok: boolean; failures: string[]; layers: { layer: string; models: { violated: string; result: { violated: string } }[]; traces: { verdict: string }[]; coverage: { missing: string[] }[]; linkage: { gaps: string[] }[] }[] };
    expect(j.ok).toBe(false);
    const wor = j.layers.find((l) => l.layer === 'wor')!;
    expect(wor.models).toEqual([]);
    // The WORPaxos trace of seed 1, the WORAcceptor traces of seed 1's registers, then the real
    // TCP cluster's registers (src/verify/cluster-traces.ts).
    expect(wor.traces.map((t) => t.verdict)).toEqual(['accepted', 'accepted', 'accepted']);
    expect((wor.traces[2] as unknown as { subject: string; detail: string }).subject).toBe('cluster (TCP)');
    expect((wor.traces[2] as unknown as { subject: string; detail: string }).detail).toMatch(/^(\d+) of \1 registers accepted; \d+ events of 6 processes, a server restarted$/);
    expect(wor.coverage[0]!.missing).toEqual(expect.arrayContaining(['RejectPrepare', 'Timeout']));
    expect(wor.linkage[0]!.gaps).toEqual([]);
    expect(j.failures).toContainEqual(expect.stringMatching(/^wor: WORPaxos: never exercised: .*RejectPrepare/));
  }, 240_000);

  it('the wos layer: the first WOS and WOSImpl seeds, then a real cluster (server processes, kill -9) at both levels', () => {
    // The filter matches no wos model: the layer runs its traces only (--trace-seeds 1: seed 1 of each level).
    const r = runCli(['verify', '--engine', 'embedded', '--layer', 'wos', '--filter', 'MCNetwork_AckBeforePersist', '--trace-seeds', '1', '--json'], { timeoutMs: 240_000 });
    const j = JSON.parse(r.stdout) as { layers: { layer: string; traces: { subject: string; seed: number; verdict: string; detail: string }[] }[] };
    const wos = j.layers.find((l) => l.layer === 'wos')!;
    expect(wos.traces.map((t) => [t.subject, t.seed, t.verdict])).toEqual([
      ['WOS', 1, 'accepted'],
      ['WOSImpl', 1, 'accepted'],
      ['WOS cluster (TCP)', 0, 'accepted'],
      ['WOSImpl cluster (TCP)', 0, 'accepted'],
    ]);
    for (const t of wos.traces.slice(2)) expect(t.detail).toMatch(/^50 calls \([1-9]\d* captures pinned, 0 unanswered, 1 settled by the acceptors\), at most \d+ candidates; \d+ events of 7 processes, a server killed -9 and restarted, a client's log cut mid-call$/);
  }, 240_000);
});
