/**
 * The verify report as one self-contained HTML page (`wormspace verify --html FILE`): the same
 * summary, per-layer models, traces, coverage, mutation score and linkage as the text report,
 * and a sequence diagram (inline SVG, sequence-svg.ts) of every rejected trace. No external
 * resource: the page opens from disk, offline. A short inline script marks the page as laid
 * out (`data-rendered`, the diagrams' drawn size) so that a headless browser test can check it.
 */
import { coverageLine } from './coverage.ts';
import { mutationLine } from './mutation.ts';
import { failureLines, layerProblems, modelOk, reportOk, SUMMARY_HEADER, summaryRow, traceOk, type LayerReport, type VerifyReport } from './report.ts';
import { escapeXml, sequenceSvg } from './sequence-svg.ts';

const esc = escapeXml;

function table(header: string[], rows: string[][], bad: (i: number) => boolean = () => false): string {
  const head = `<tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r, i) => `<tr${bad(i) ? ' class="bad"' : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n${head}\n${body}\n</table>`;
}

function layerSection(l: LayerReport): string {
  const problems = layerProblems(l);
  const parts: string[] = [`<section class="layer" id="layer-${esc(l.layer)}">`, `<h2>${esc(l.layer)} <span class="${problems.length ? 'fail' : 'pass'}">${problems.length ? 'FAIL' : 'ok'}</span></h2>`];
  if (problems.length) parts.push(`<ul class="problems">${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`);
  if (l.models.length) {
    parts.push('<h3>Models</h3>');
    parts.push(
      table(
        ['model', 'expect', 'verdict', 'violated', 'distinct', 'generated', 'seconds', 'status'],
        l.models.map((o) => [
          o.entry.config,
          o.entry.expect,
          o.result?.verdict ?? 'error',
          o.result?.violated ?? '',
          o.result ? String(o.result.distinct) : '',
          o.result ? String(o.result.generated) : '',
          o.result ? o.result.seconds.toFixed(1) : '',
          o.problems.length ? `MISMATCH: ${o.problems.join('; ')}` : 'ok',
        ]),
        (i) => !modelOk(l.models[i]!),
      ),
    );
  }
  if (l.traces.length) {
    parts.push('<h3>Traces</h3>');
    parts.push(
      table(
        ['trace', 'seed', 'events', 'verdict', 'seconds', 'detail'],
        l.traces.map((t) => [t.subject, String(t.seed), String(t.events), t.verdict, t.seconds.toFixed(1), [t.detail, ...t.violations].filter(Boolean).join('; ')]),
        (i) => !traceOk(l.traces[i]!),
      ),
    );
  }
  if (l.coverage.length) {
    parts.push('<h3>Action coverage</h3>');
    for (const c of l.coverage) {
      parts.push(`<p class="coverage">${esc(coverageLine(c))}</p>`);
      parts.push(table(['event', 'occurrences'], Object.entries(c.events).map(([e, n]) => [e, String(n)]), (i) => c.missing.includes(Object.keys(c.events)[i]!)));
    }
  }
  if (l.mutation) parts.push(`<h3>Mutation</h3><p>${esc(mutationLine(l.mutation))}</p>`);
  if (l.linkage.length) {
    parts.push('<h3>Spec–code linkage</h3>');
    for (const r of l.linkage) parts.push(`<p>${esc(r.descriptor)} (${esc(r.spec)}): ${r.events.length} events, ${r.actions.length} spec actions, ${r.gaps.length ? `${r.gaps.length} gap(s)` : 'no gap'}</p>${r.gaps.length ? `<ul class="problems">${r.gaps.map((g) => `<li>${esc(g)}</li>`).join('')}</ul>` : ''}`);
  }
  for (const t of l.traces.filter((t) => t.diagram)) {
    const d = t.diagram!;
    parts.push(`<h3 class="rejected">Rejected trace: ${esc(t.subject)} seed ${t.seed}</h3><p>${esc(t.detail)}</p>`);
    parts.push(`<div class="diagram">${sequenceSvg(d.events, d.unmatched)}</div>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
tr.bad td { background: #fdd; }
.pass { color: #070; } .fail { color: #c00; }
.problems li { color: #c00; }
.diagram { overflow-x: auto; border: 1px solid #ddd; margin-bottom: 1em; }
.coverage { font-size: 13px; }
`;

const SCRIPT = `
document.addEventListener('DOMContentLoaded', () => {
  const svgs = [...document.querySelectorAll('svg.sequence')];
  const drawn = svgs.map((s) => { const b = s.getBBox(); return Math.round(b.width) + 'x' + Math.round(b.height); });
  document.body.dataset.rendered = 'yes';
  document.body.dataset.diagrams = String(svgs.length);
  document.body.dataset.drawn = drawn.join(',');
  document.body.dataset.unmatched = String(document.querySelectorAll('g.event.unmatched').length);
});
`;

export function renderHtml(r: VerifyReport, generatedAt = new Date()): string {
  const ok = reportOk(r);
  const fails = failureLines(r);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>WormSpace verify: ${ok ? 'ok' : 'FAIL'}</title>
<style>${STYLE}</style>
<script>${SCRIPT}</script>
</head>
<body data-verdict="${ok ? 'ok' : 'fail'}">
<h1>WormSpace verify: <span class="${ok ? 'pass' : 'fail'}">${ok ? 'ok' : 'FAIL'}</span></h1>
<p>${esc(`${r.engine} engine, ${r.seconds.toFixed(0)} s, ${generatedAt.toISOString()}`)}</p>
${fails.length ? `<ul class="problems">${fails.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : ''}
${r.notes.length ? `<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<h2>Summary</h2>
${table(SUMMARY_HEADER, r.layers.map(summaryRow), (i) => layerProblems(r.layers[i]!).length > 0)}
${r.layers.map(layerSection).join('\n')}
</body>
</html>
`;
}
