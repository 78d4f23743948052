/**
 * A sequence diagram of a trace, as inline SVG, for the verify report's rejected traces: one
 * lane per participant (acceptor, client, sequencer, reader, RM), one row per event, an arrow
 * from the participant that took the step to the one it answers or concerns (an acceptor's reply
 * to the ballot's client, a grant to its client, an RM's call on another RM's register). The
 * first event the spec could not take is drawn in red. Long traces show a window of rows that
 * ends just after that event.
 */
import type { EventLine } from '../trace/spec-descriptor.ts';

export interface DiagramOptions {
  /** Rows shown at most (default 40). */
  maxRows?: number;
}

const ROW = 22;
const LANE = 150;
const TOP = 46;
const LEFT = 60;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** laneOf: the participant that took the step. */
export function laneOf(e: EventLine): string {
  if (typeof e.acceptor === 'string') return e.acceptor;
  if (typeof e.client === 'number') return `client ${e.client}`;
  if (typeof e.s === 'string') return e.s;
  if (typeof e.c === 'string') return e.c;
  if (typeof e.r === 'string') return e.r;
  if (typeof e.rm === 'number') return `rm${e.rm}`;
  return 'environment';
}

/** partnerOf: the participant the step answers or acts on, if another one. */
export function partnerOf(e: EventLine): string | null {
  const ballot = e.ballot;
  if (typeof e.acceptor === 'string') {
    if (typeof e.client === 'number') return `client ${e.client}`;
    if (Array.isArray(ballot) && typeof ballot[1] === 'number') return `client ${ballot[1]}`;
    return null;
  }
  if (e.action === 'Grant' && typeof e.c === 'string') return e.c;
  if (typeof e.rm === 'number' && typeof e.target === 'number' && e.target !== e.rm) return `rm${e.target}`;
  return null;
}

const SKIP = new Set(['action', 'line', 'at', 'inv', 'tag', 'seq', 'acceptor', 'client', 'rm', 's', 'c', 'r', 'ev']);

/** labelOf: the event's action and its other fields, short. */
export function labelOf(e: EventLine): string {
  const fields = Object.entries(e)
    .filter(([k, v]) => !SKIP.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const text = `${e.action}${fields.length ? ` ${fields.join(' ')}` : ''}`;
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}

/**
 * sequenceSvg draws events[from..to] around `unmatched` (an index into events, or null for the
 * last rows). Returns a complete <svg> element.
 */
export function sequenceSvg(events: readonly EventLine[], unmatched: number | null, opts: DiagramOptions = {}): string {
  const maxRows = opts.maxRows ?? 40;
  const end = unmatched === null ? events.length : Math.min(events.length, unmatched + 4);
  const start = Math.max(0, end - maxRows);
  const shown = events.slice(start, end);
  const lanes: string[] = [];
  const lane = (name: string) => {
    let i = lanes.indexOf(name);
    if (i < 0) i = lanes.push(name) - 1;
    return i;
  };
  // Lanes in order of first appearance, partners included.
  for (const e of shown) {
    lane(laneOf(e));
    const p = partnerOf(e);
    if (p) lane(p);
  }
  const x = (i: number) => LEFT + i * LANE + LANE / 2;
  const labelWidth = 560;
  const width = LEFT + Math.max(1, lanes.length) * LANE + labelWidth;
  const height = TOP + (shown.length + 1) * ROW;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="sequence diagram of ${shown.length} events">`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>');
  lanes.forEach((name, i) => {
    out.push(`<text class="lane" x="${x(i)}" y="20" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(name)}</text>`);
    out.push(`<line x1="${x(i)}" y1="28" x2="${x(i)}" y2="${height - 6}" stroke="#bbb" stroke-dasharray="4 3"/>`);
  });
  if (start > 0) out.push(`<text x="4" y="${TOP - 6}" font-size="11" fill="#777">(${start} earlier events not shown)</text>`);
  shown.forEach((e, k) => {
    const index = start + k;
    const y = TOP + k * ROW + ROW / 2;
    const bad = index === unmatched;
    const color = bad ? '#c00' : '#222';
    const from = lane(laneOf(e));
    const p = partnerOf(e);
    out.push(`<g class="event${bad ? ' unmatched' : ''}" data-index="${index + 1}">`);
    if (bad) out.push(`<rect x="0" y="${y - ROW / 2}" width="${width}" height="${ROW}" fill="#fdd"/>`);
    out.push(`<text x="4" y="${y + 4}" font-size="11" fill="${color}">${index + 1}${typeof e.line === 'number' ? ` (l.${e.line})` : ''}</text>`);
    if (p) out.push(`<line x1="${x(from)}" y1="${y}" x2="${x(lane(p))}" y2="${y}" stroke="${bad ? '#c00' : '#555'}" marker-end="url(#arrow)"/>`);
    out.push(`<circle cx="${x(from)}" cy="${y}" r="4" fill="${color}"/>`);
    out.push(`<text x="${LEFT + lanes.length * LANE + 8}" y="${y + 4}" font-size="12" font-family="monospace" fill="${color}">${escapeXml(`${bad ? '✗ ' : ''}${labelOf(e)}`)}</text>`);
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}
