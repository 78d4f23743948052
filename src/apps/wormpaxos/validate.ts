/**
 * Validates a WormPaxos trace (trace.ts) against tla/apps/WormPaxos.tla through its wrapper
 * tla/apps/TraceWormPaxos.tla, with either engine (TLC when it can run here, else the embedded
 * checker; see src/tla/engines.ts). Renders the events as TLA+ records (with `back`, each call's
 * linearization window relative to its event). A rejected trace names its first unmatched event.
 */
import { pickEngine, type EngineChoice } from '../../tla/engines.ts';
import { checkSpecTrace, type SpecTraceModel, type SpecTraceVerdict } from '../../trace/spec-trace.ts';
import { NOOP_VALUE, type WormPaxosTrace, type WormPaxosTraceEvent } from './trace.ts';

export const WORMPAXOS_SPEC_FILES = ['tla/apps/WormPaxos.tla', 'tla/apps/WOSApi.tla', 'tla/apps/ReplicatedLog.tla', 'tla/apps/TraceWormPaxos.tla'];

const str = (s: string): string => JSON.stringify(s);

/** A register value as TLA+: a batch (a sequence of put ids; a plain string is a batch of one), or the model value Noop. */
export function tlaValue(v: string | string[] | null): string {
  if (v === null) return '"none"';
  if (v === NOOP_VALUE) return 'Noop';
  return tlaBatch(v);
}

/** A batch as a TLA+ sequence of put ids. */
export function tlaBatch(v: string | string[]): string {
  return `<<${(Array.isArray(v) ? v : [v]).map(str).join(', ')}>>`;
}

/** A Learn's entry: a put id or Noop. */
function tlaEntry(v: string): string {
  return v === NOOP_VALUE ? 'Noop' : str(v);
}

/** eventRecord renders one event as a TLA+ record with the fields its step reads. */
export function eventRecord(e: WormPaxosTraceEvent): string {
  const f: string[] = [`action |-> ${str(e.action)}`];
  const o = e as Record<string, unknown>;
  for (const k of ['r', 'id', 'code', 'call']) if (typeof o[k] === 'string') f.push(`${k} |-> ${str(o[k] as string)}`);
  if ('c' in e) f.push(`c |-> ${e.action === 'Issue' || e.action === 'Write' || e.action === 'WriteLost' ? tlaBatch(e.c) : str(e.c)}`);
  for (const k of ['seg', 'pos', 'lo', 'hi', 'back']) if (typeof o[k] === 'number') f.push(`${k} |-> ${o[k]}`);
  if ('value' in e) f.push(`value |-> ${e.action === 'Learn' ? tlaEntry(e.value) : tlaValue(e.value)}`);
  if ('full' in e) f.push(`full |-> ${e.full ? 'TRUE' : 'FALSE'}`);
  if ('landed' in e) f.push(`landed |-> {${e.landed.join(', ')}}`);
  // A capture's unrepaired offsets (StaleOf): without them the wrapper takes every capture as
  // holding its whole range, which rejects real runs and could accept a write landing where the
  // capture's id was stale. trace-descriptor.ts (the `trace check` path) renders them too.
  if ('stale' in e && Array.isArray(e.stale)) f.push(`stale |-> {${e.stale.join(', ')}}`);
  return `[${f.join(', ')}]`;
}

/** The model's constants for a trace header (shared with the descriptor). */
export function wormPaxosConstants(h: { nseg: number; segSize: number; captures: number; maxBatch?: number }): string[] {
  return [
    `NSeg = ${h.nseg}`,
    `SegSize = ${h.segSize}`,
    'Replica <- ReplicaDef',
    'Command <- CommandDef',
    `MaxBatch = ${Math.max(1, h.maxBatch ?? 1)}`,
    'Noop = Noop',
    `MaxId = ${Math.max(1, h.captures)}`,
    'Unwritten = Unwritten',
    'NoMeta = NoMeta',
    'LateWrites = TRUE',
    'Unheard = TRUE',
    'Bug = "none"',
  ];
}

export function wormPaxosModel(trace: WormPaxosTrace): SpecTraceModel {
  const h = trace.header;
  const set = (xs: string[]): string => `{${xs.map(str).join(', ')}}`;
  return {
    specFiles: WORMPAXOS_SPEC_FILES,
    wrapper: 'TraceWormPaxos',
    events: trace.events.length,
    // The whole log always: an event of the prefix may need a later event's step, taken early.
    prefix(k) {
      const evs = trace.events;
      return {
        definitions: [
          `ReplicaDef == ${set(h.replicas)}`,
          `CommandDef == ${set(h.commands)}`,
          `TraceLogDef == <<\n${evs.map((e) => `    ${eventRecord(e)}`).join(',\n')}\n    >>`,
        ],
        constants: [...wormPaxosConstants(h), 'TraceLog <- TraceLogDef', `Upto = ${k}`],
      };
    },
  };
}

export interface WormPaxosVerdict extends SpecTraceVerdict {
  message: string;
}

/** describeEvent renders an event on one line: `Write r="r1" pos=3 ...`. */
export function describeEvent(e: WormPaxosTraceEvent): string {
  const { action, at, ...rest } = e as WormPaxosTraceEvent & Record<string, unknown>;
  return [action, ...Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`), `at=${at}`].join(' ');
}

export async function validateWormPaxosTrace(trace: WormPaxosTrace, engine: EngineChoice = 'embedded'): Promise<WormPaxosVerdict> {
  const v = await checkSpecTrace(wormPaxosModel(trace), pickEngine(engine));
  const message = v.accepted
    ? `${v.engine}, ${v.distinct} states, ${v.seconds.toFixed(1)} s`
    : `event ${v.firstUnmatched! + 1} (NDJSON line ${v.firstUnmatched! + 2}: ${describeEvent(trace.events[v.firstUnmatched!]!)}) matches no step of WormPaxos.tla after ${v.matched} matched events (${v.engine})`;
  return { ...v, message };
}
