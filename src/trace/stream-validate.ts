/**
 * The trace validator: checks a trace against its spec's wrapper (TraceX.tla) by stepping the
 * events one by one, instead of model-checking a model that holds the whole log.
 *
 * The wrapper's Init and TraceNext are compiled once by the embedded checker (src/checker) with
 * TraceLog bound to a WINDOW of the events: the one being matched, a few behind (the wrapper may
 * read TraceLog[l - 1]) and a look-ahead (it may look for a later event of the same read). `l`
 * counts in the window, and the window slides as the events are consumed, so the model's state
 * and the validator's memory do not grow with the file. The file is read twice, both times as a
 * stream: once to check every line against the descriptor's schema and to fold the bounds the
 * model's constants need (so bad input is refused before any checking), once to match.
 *
 * Matching event k: from each candidate state (the states of the spec that match events 1..k-1),
 * TraceNext is evaluated, depth-first; a successor with l' = l + 1 took the event (a candidate for
 * the next one), a successor with l' = l took an unobserved step (glue) and is explored further
 * (once per distinct state). No candidate left: event k is the first unmatched one. Its diagnosis
 * recompiles the wrapper with conjunct probes (src/checker/actions.ts) and evaluates TraceNext
 * again from the same states: the deepest false conjunct, its file:line and the values of its two
 * sides say why no step takes the event.
 */
import { basename } from 'node:path';
import { setConjunctProbe, type ConjunctFailure } from '../checker/actions.ts';
import { RT } from '../checker/compile.ts';
import { ConfigError, EvalError, ParseError, fmtLoc } from '../checker/errors.ts';
import { errorMessage } from '../checker/bfs.ts';
import { toJson } from '../checker/index.ts';
import { loadModel, type Model } from '../checker/model.ts';
import { ModelV, RcdV, TupV, canonicalNames, intern, mkFcn, mkSet, type Value } from '../checker/values.ts';
import type { JsonTla } from '../tla/result.ts';
import { formatTla } from '../tla/print.ts';
import { fileLines, openTrace, textLines, type AnyTrace, type SourceLine, type Trace } from './format.ts';
import { StateSet } from './state-set.ts';
import { descriptorFor, writeTraceModel, type TraceModel } from './model.ts';
import { checkEventShape, jsonTlaApply, type EventLine, type HeaderLine, type TraceDescriptor } from './spec-descriptor.ts';
import { TraceCheckError, type TraceVerdict } from './validate.ts';

export interface ValidateOptions {
  /** Events the wrapper may look ahead of the current one (default 256). */
  lookahead?: number;
  /** Events kept behind the current one (default 8). */
  behind?: number;
  /** Most candidate states for one event (default 10,000): beyond, the trace is too ambiguous. */
  maxCandidates?: number;
  /** Most distinct states explored for one event, glue included (default 100,000). */
  maxStates?: number;
}

/** Why the first unmatched event matched nothing: the closest miss of TraceNext. */
export interface Mismatch {
  /** The deepest false conjunct: `tla/wor/WORPaxos.tla:123:8`, its text, the values of its parts. */
  conjunct: { location: string; text: string; sides: [string, string][] | null } | null;
  /** Candidate states the event was tried from (after unobserved steps). */
  states: number;
  /**
   * The variables the event states a value for whose spec value, just before it (first candidate
   * state), differs: `promised["s0.1"]` with the event's and the spec's values (TLA+ syntax).
   */
  differing: { variable: string; event: string; spec: string }[];
}

export interface StreamVerdict extends TraceVerdict {
  engine: 'validator';
  mismatch: Mismatch | null;
  /** The most candidate states any event had (1 when matching is deterministic). */
  maxCandidates: number;
  /** States generated in all (successors of TraceNext, glue included). */
  generated: number;
  /** Seconds spent loading and compiling the wrapper (included in `seconds`). */
  setupSeconds: number;
  /** CPU seconds of this process spent matching the events (after setup): the throughput measure. */
  steppingCpuSeconds: number;
}

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

type State = Value[];

/** A record shape: its field names in TLC order, and where each is in the JSON object's key order. */
interface RecordShape {
  /** The JSON object's keys, in their order. */
  keys: string[];
  names: string[];
  from: number[];
}

/**
 * JsonDecoder builds checker values from their JsonTla form, with the model's own model values.
 * The events of a trace have a few record shapes (one per kind of event) repeated thousands of
 * times: each shape's field order (TLC's, by interning rank) is computed once and its names
 * array shared by every record of that shape, instead of sorting the names of every record.
 * Interning ranks are fixed once given, so a shape's order stays right for the model's run.
 */
class JsonDecoder {
  /** The shapes seen, by number of keys. */
  private readonly shapes: RecordShape[][] = [];
  constructor(private readonly models: Map<string, ModelV>) {}

  value(v: JsonTla): Value {
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
    if (Array.isArray(v)) return new TupV(v.map((x) => this.value(x)));
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const k = keys[0]!;
      const x = (v as Record<string, JsonTla>)[k]!;
      if (k === '$model' && typeof x === 'string') {
        const m = this.models.get(x);
        if (!m) throw new TraceCheckError(`the model has no model value ${x} (a constant of the model named in the .cfg as ${x} = ${x})`);
        return m;
      }
      if (k === '$set' && Array.isArray(x)) return mkSet(x.map((y) => this.value(y)));
      if (k === '$function' && Array.isArray(x)) {
        const pairs = x as [JsonTla, JsonTla][];
        return mkFcn(pairs.map(([d]) => this.value(d)), pairs.map(([, y]) => this.value(y)));
      }
    }
    if (keys.length === 0) return new TupV([]);
    const shape = this.shape(keys);
    const vals = new Array<Value>(keys.length);
    for (let i = 0; i < keys.length; i++) vals[i] = this.value((v as Record<string, JsonTla>)[keys[shape.from[i]!]!]!);
    return new RcdV(shape.names, vals);
  }

  private shape(keys: string[]): RecordShape {
    // Looked up by comparing the keys one by one: an object's keys are V8's internalized strings,
    // so each comparison is by identity (no joined key string to build and hash per record).
    const n = keys.length;
    let list = this.shapes[n];
    if (list === undefined) list = this.shapes[n] = [];
    for (let j = 0; j < list.length; j++) {
      const s = list[j]!;
      let i = 0;
      while (i < n && s.keys[i] === keys[i]) i++;
      if (i === n) return s;
    }
    const from = keys.map((_, i) => i).sort((i, j) => intern(keys[i]!) - intern(keys[j]!));
    const s: RecordShape = { keys, names: canonicalNames(from.map((i) => keys[i]!)), from };
    list.push(s);
    return s;
  }
}

function modelValuesOf(m: Model): Map<string, ModelV> {
  const out = new Map<string, ModelV>();
  for (const d of m.root.defs.values()) if (d.k === 'const' && d.value instanceof ModelV) out.set(d.value.name, d.value);
  return out;
}

/** clip keeps an error on one readable line: the checker prints whole values (a window of 264 events). */
function clip(msg: string, max = 400): string {
  const one = msg.replace(/\s*\n\s*/g, ' ');
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

function checkerError(e: unknown): never {
  if (e instanceof EvalError) throw new TraceCheckError(`the wrapper could not be evaluated: ${clip(errorMessage(e))}`);
  if (e instanceof ParseError || e instanceof ConfigError) throw new TraceCheckError(`the trace model does not load: ${e.message}`);
  if (e instanceof RangeError) throw new TraceCheckError(`evaluation too deep: ${e.message}`);
  throw e;
}

/** A loaded wrapper: the compiled model and its window of events (TraceLog). */
class Stepper {
  readonly model: Model;
  readonly window: Value[] = [];
  readonly lIdx: number;
  readonly nvars: number;
  private readonly tbuf: (Value | undefined)[];
  private readonly decoder: JsonDecoder;
  generated = 0;

  constructor(files: TraceModel) {
    const log = new TupV(this.window);
    try {
      this.model = loadModel(files.spec, files.config, { constants: new Map([['TraceLog', log]]) });
    } catch (e) {
      checkerError(e);
    }
    this.lIdx = this.model.varNames.indexOf('l');
    if (this.lIdx < 0) throw new TraceCheckError('the wrapper declares no VARIABLE l (the index of the next event)');
    this.nvars = this.model.varNames.length;
    this.tbuf = new Array(this.nvars).fill(undefined);
    this.decoder = new JsonDecoder(modelValuesOf(this.model));
  }

  value(v: JsonTla): Value {
    return this.decoder.value(v);
  }

  initialStates(): State[] {
    const m = this.model;
    const out: State[] = [];
    const t: (Value | undefined)[] = new Array(this.nvars).fill(undefined);
    RT.s = t as Value[];
    RT.t = t;
    RT.na = 0;
    RT.nv = this.nvars;
    const run = (i: number): void => {
      if (i === m.init.length) {
        const missing = m.varNames.filter((_, j) => t[j] === undefined);
        if (missing.length > 0) throw new TraceCheckError(`TraceInit does not assign ${missing.join(', ')}`);
        out.push(t.slice() as State);
        return;
      }
      m.init[i]([], () => run(i + 1));
    };
    try {
      run(0);
    } catch (e) {
      checkerError(e);
    }
    return out;
  }

  /** successors calls `out` with every state TraceNext reaches from s (a fresh array each). */
  successors(s: State, out: (t: State) => void): void {
    const m = this.model;
    const t = this.tbuf;
    const n = this.nvars;
    // Operator applications are memoized within this expansion of s (RT.memo: a fresh token).
    RT.memo = {};
    RT.memoS = s;
    try {
      for (const a of m.actions) {
        for (let j = 0; j < n; j++) t[j] = undefined;
        RT.na = 0;
        RT.nv = n;
        RT.s = s;
        RT.t = t;
        a.act(a.frame, () => {
          for (let j = 0; j < n; j++) {
            if (t[j] === undefined) throw new TraceCheckError(`TraceNext does not assign ${m.varNames[j]} in ${a.label}`);
          }
          this.generated++;
          const succ = t.slice() as State;
          // The action's continuation runs inside it: restore what it expects afterwards.
          out(succ);
          RT.s = s;
          RT.t = t;
          RT.nv = n;
        });
      }
    } catch (e) {
      if (e instanceof TraceCheckError) throw e;
      checkerError(e);
    } finally {
      RT.memo = null;
      RT.memoS = null;
    }
  }
}

interface Step {
  /** Candidates for the next event (l advanced by one). */
  next: State[];
  /** States the event was tried from (candidates and the states glue reached from them). */
  tried: number;
}

/** Unobserved steps explored for one event before they are deduplicated. */
const LAZY_DEDUP = 8;

/**
 * matchEvent takes the event at window position `pos` (1-based) from every candidate, through any
 * number of unobserved steps: depth first, each distinct state once.
 */
function matchEvent(st: Stepper, cands: State[], pos: number, opts: Required<ValidateOptions>, where: string): Step {
  const li = st.lIdx;
  const next = new StateSet();
  let seen: StateSet | null = null;
  const stack: State[] = cands.slice();
  let tried = 0;
  // (No named arrow functions in this per-event code: tsx, which runs the sources, gives each
  // one its name with Object.defineProperty every time it is made.)
  while (stack.length > 0) {
    const s = stack.pop()!;
    tried++;
    if (tried > opts.maxStates) throw new TraceCheckError(`${where}: more than ${opts.maxStates} spec states explored for one event (unobserved steps without end?)`);
    st.successors(s, (t) => {
      const lt = t[li];
      if (lt === pos + 1) {
        if (next.add(t) && next.size > opts.maxCandidates) throw new TraceCheckError(`${where}: more than ${opts.maxCandidates} spec states match the events so far; the trace pins too little to follow`);
      } else if (lt === pos) {
        // Glue is short and deterministic in a good wrapper: deduplicate only once a few
        // unobserved steps were taken, which still ends every cycle.
        if (tried <= LAZY_DEDUP) {
          stack.push(t);
          return;
        }
        if (seen === null) {
          seen = new StateSet();
          for (const c of cands) seen.add(c);
        }
        if (seen.add(t)) stack.push(t);
      } else throw new TraceCheckError(`${where}: TraceNext moved l from ${pos} to ${String(lt)}; a step must consume one event (l' = l + 1) or none`);
    });
  }
  return { next: next.list(), tried };
}

/** The window of events around the current one, and its bookkeeping. */
interface Window {
  values: Value[];
  events: EventLine[];
  /** Absolute index (0-based) of window position 1. */
  base: number;
}

/** diagnose re-evaluates TraceNext with conjunct probes from the states before the unmatched event. */
function diagnose(files: TraceModel, d: TraceDescriptor, win: Window, pos: number, before: Record<string, JsonTla>[], opts: Required<ValidateOptions>): Mismatch {
  let best: ConjunctFailure | null = null;
  const probe = {
    depth: 0,
    fail(f: ConjunctFailure) {
      if (best === null || f.depth > best.depth) best = f;
    },
  };
  setConjunctProbe(probe);
  let tried = 0;
  let matchedAgain = false;
  try {
    const st = new Stepper(files);
    for (const e of win.events) st.window.push(st.value(d.eventValue(e)));
    const states = before.map((s) => st.model.varNames.map((n) => st.value(s[n]!)));
    const again = matchEvent(st, states, pos, opts, 'diagnosis');
    tried = again.tried;
    if (again.next.length > 0) matchedAgain = true;
  } catch (e) {
    if (!(e instanceof TraceCheckError)) throw e;
  } finally {
    setConjunctProbe(null);
  }
  // The probed model must agree with the plain one: an event it matches is a bug of the validator.
  if (matchedAgain) throw new TraceCheckError(`internal error: the event at window position ${pos} matched nothing, then matched when evaluated again with probes`);
  const b = best as ConjunctFailure | null;
  if (b === null) return { conjunct: null, states: tried, differing: [] };
  // The model's files are copies in a temporary folder: name them as the repository does.
  const file = basename(b.loc.file);
  const repoFile = d.specFiles.find((f) => basename(f) === file) ?? file;
  return { conjunct: { location: fmtLoc({ ...b.loc, file: repoFile }), text: b.text.length > 160 ? `${b.text.slice(0, 157)}...` : b.text, sides: b.sides }, states: tried, differing: [] };
}

/** differingPins compares what the event states about the spec's variables with the spec state. */
function differingPins(d: TraceDescriptor, e: EventLine, state: Record<string, JsonTla> | undefined): Mismatch['differing'] {
  if (!state || !d.pins) return [];
  const out: Mismatch['differing'] = [];
  for (const p of d.pins(e)) {
    const spec = jsonTlaApply(state[p.name], p.key);
    if (spec === undefined) continue;
    const ev = formatTla(p.value);
    const sp = formatTla(spec);
    if (ev !== sp) out.push({ variable: `${p.name}[${JSON.stringify(p.key)}]`, event: ev, spec: sp });
  }
  return out;
}

const DEFAULTS: Required<ValidateOptions> = { lookahead: 256, behind: 8, maxCandidates: 10_000, maxStates: 100_000 };

/**
 * validateEvents matches a stream of events (already checked against the schema) with the
 * descriptor's wrapper. `summary` is the descriptor's fold over the same events.
 */
export function validateEvents(d: TraceDescriptor, header: HeaderLine, summary: unknown, events: Iterator<EventLine>, options: ValidateOptions = {}): StreamVerdict {
  const opts = { ...DEFAULTS, ...options };
  // The wrapper may read further ahead than asked (a call invoked long before its answer).
  const need = d.lookahead?.(summary as never);
  if (need !== undefined && need > opts.lookahead) opts.lookahead = need;
  const t0 = performance.now();
  const files = writeTraceModel({ header, events: [] }, null, summary);
  try {
    const st = new Stepper(files);
    const setupSeconds = (performance.now() - t0) / 1000;
    const cpu0 = cpuNow();
    const win: Window = { values: st.window, events: [], base: 0 };
    let exhausted = false;
    /** fill reads events until the window holds `upTo` positions (or the stream ends). */
    const fill = (upTo: number): void => {
      while (!exhausted && win.values.length < upTo) {
        const r = events.next();
        if (r.done) {
          exhausted = true;
          return;
        }
        win.events.push(r.value);
        win.values.push(st.value(d.eventValue(r.value)));
      }
    };
    let cands = st.initialStates();
    let k = 0; // absolute index of the event being matched
    let maxCands = cands.length;
    const chunk = Math.max(64, opts.lookahead);
    for (;;) {
      let pos = k - win.base + 1;
      fill(pos + opts.lookahead);
      if (pos > win.values.length) break; // every event matched
      // Slide: drop a chunk of events well behind the current one, and renumber l.
      if (pos > opts.behind + chunk) {
        const drop = pos - opts.behind - 1;
        win.values.splice(0, drop);
        win.events.splice(0, drop);
        win.base += drop;
        for (const s of cands) s[st.lIdx] = (s[st.lIdx] as number) - drop;
        pos -= drop;
      }
      const e = win.events[pos - 1]!;
      const step = matchEvent(st, cands, pos, opts, `line ${String(e.line ?? k + 2)}`);
      if (step.next.length === 0) {
        const before = cands.map((s) => Object.fromEntries(st.model.varNames.map((n, i) => [n, toJson(s[i]!)])) as Record<string, JsonTla>);
        const generated = st.generated;
        const mismatch = diagnose(files, d, win, pos, before, opts);
        mismatch.differing = differingPins(d, e, before[0]);
        return {
          accepted: false,
          engine: 'validator',
          events: k + countRest(events, win, pos),
          matched: k,
          firstUnmatched: { index: k, line: e.line ?? k + 2, event: e },
          seconds: (performance.now() - t0) / 1000,
          runs: 1,
          distinct: 0,
          finalState: null,
          context: before.length > 0 && d.context ? d.context(e, before[0]!) : [],
          mismatch,
          maxCandidates: maxCands,
          generated,
          setupSeconds,
          steppingCpuSeconds: cpuNow() - cpu0,
        };
      }
      cands = step.next;
      if (cands.length > maxCands) maxCands = cands.length;
      k++;
    }
    const last = cands[0]!;
    return {
      accepted: true,
      engine: 'validator',
      events: k,
      matched: k,
      firstUnmatched: null,
      seconds: (performance.now() - t0) / 1000,
      runs: 1,
      distinct: 0,
      // l counts in the window: report it in the log's terms.
      finalState: Object.fromEntries(st.model.varNames.map((n, i) => [n, i === st.lIdx ? (last[i] as number) + win.base : toJson(last[i]!)])) as Record<string, JsonTla>,
      context: [],
      mismatch: null,
      maxCandidates: maxCands,
      generated: st.generated,
      setupSeconds,
      steppingCpuSeconds: cpuNow() - cpu0,
    };
  } finally {
    files.remove();
  }
}

/** countRest counts the events after position pos: the window's, then the stream's. */
function countRest(events: Iterator<EventLine>, win: Window, pos: number): number {
  let n = win.values.length - pos + 1;
  for (let r = events.next(); !r.done; r = events.next()) n++;
  return n;
}

/** validateLines checks a trace given twice as lines (two passes: schema and bounds, then matching). */
function validateLines(lines: () => Iterator<SourceLine>, name: string, options?: ValidateOptions): StreamVerdict {
  const first = openTrace(lines(), name);
  const d = first.descriptor;
  const summary = d.summary.init(first.header);
  for (let r = first.events.next(); !r.done; r = first.events.next()) d.summary.observe(summary, r.value);
  // The first pass checked every line: the second (the same text) only parses.
  const second = openTrace(lines(), name, true);
  return validateEvents(d, second.header, summary, second.events, options);
}

/** validateFile checks an NDJSON trace file as a stream: memory does not grow with its length. */
export function validateFile(path: string, name = path, options?: ValidateOptions): StreamVerdict {
  return validateLines(() => fileLines(path, name), name, options);
}

/** validateText checks an NDJSON trace held in memory. */
export function validateText(text: string, name = 'trace', options?: ValidateOptions): StreamVerdict {
  return validateLines(() => textLines(text), name, options);
}

/** validateTrace checks a trace held in memory (from parseAnyTrace or a recorder). */
export function validateTrace(trace: AnyTrace | Trace, options?: ValidateOptions): StreamVerdict {
  const t = trace as AnyTrace;
  const d = descriptorFor(t.header);
  const summary = d.summary.init(t.header);
  const events = d.upgrade ? t.events.map((e, i) => d.upgrade!(e, i + 1) as EventLine) : t.events;
  events.forEach((e, i) => {
    const bad = checkEventShape(d, e) ?? d.checkAgainstHeader?.(e, t.header) ?? null;
    if (bad) throw new TraceCheckError(`event ${i + 1}: ${bad}`);
    d.summary.observe(summary, e);
  });
  return validateEvents(d, t.header, summary, events[Symbol.iterator](), options);
}
