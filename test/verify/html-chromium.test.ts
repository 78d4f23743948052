// The verify report's HTML page with the sequence diagram of a really rejected trace (a WORPaxos
// trace of seed 1 with its first Promise removed), opened in headless Chromium from Debian
// (`apt-get install chromium`): the page lays out, the diagram is drawn with a non-zero size,
// and the unmatched event is marked. Skipped, saying so, when no chromium is installed; the
// structure of the page is tested without a browser in report.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { embeddedEngine } from '../../src/checker/index.ts';
import { recordTrace, DEFAULT_OPS } from '../../src/trace/record.ts';
import type { EventLine } from '../../src/trace/spec-descriptor.ts';
import { checkTrace } from '../../src/trace/validate.ts';
import { renderHtml } from '../../src/verify/html.ts';
import type { VerifyReport } from '../../src/verify/report.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('NOTICE: test/verify/html-chromium.test.ts: no chromium installed, the browser check is skipped');

async function rejectedReport(): Promise<{ report: VerifyReport; unmatched: number }> {
  const rec = recordTrace({ seed: 1, ops: DEFAULT_OPS });
  const cut = rec.trace.events.findIndex((e) => e.action === 'Promise');
  const events = rec.trace.events.filter((_, i) => i !== cut);
  const v = await checkTrace({ header: rec.trace.header, events }, embeddedEngine);
  expect(v.accepted).toBe(false);
  const unmatched = v.firstUnmatched!.index;
  const report: VerifyReport = {
    engine: 'embedded',
    seconds: v.seconds,
    notes: [],
    layers: [{
      layer: 'wor', models: [], coverage: [], mutation: null, linkage: [],
      traces: [{ subject: 'WORPaxos', seed: 1, events: events.length, verdict: 'rejected', seconds: v.seconds, detail: `event ${unmatched + 1}`, violations: [], diagram: { events: events as EventLine[], unmatched } }],
    }],
  };
  return { report, unmatched };
}

describe('verify --html in a browser', () => {
  it.skipIf(!CHROMIUM)('headless Chromium lays out the page and draws the rejected trace', async () => {
    const { report, unmatched } = await rejectedReport();
    const file = join(mkdtempSync(join(tmpdir(), 'wormspace-html-')), 'verify.html');
    writeFileSync(file, renderHtml(report));
    const run = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', pathToFileURL(file).href], { encoding: 'utf8', timeout: 90_000 });
    expect(run.status).toBe(0);
    const body = /<body[^>]*>/.exec(run.stdout)?.[0] ?? '';
    expect(body).toContain('data-verdict="fail"');
    expect(body).toContain('data-rendered="yes"');
    expect(body).toContain('data-diagrams="1"');
    expect(body).toContain('data-unmatched="1"');
    const [w, h] = (/data-drawn="(\d+)x(\d+)"/.exec(body) ?? []).slice(1).map(Number);
    expect(w).toBeGreaterThan(300);
    expect(h).toBeGreaterThan(100);
    // The browser's DOM holds the unmatched event's row, numbered as in the trace.
    expect(run.stdout).toContain(`class="event unmatched" data-index="${unmatched + 1}"`);
  }, 120_000);
});
