/**
 * Validates a WormLog trace (trace.ts) against tla/apps/WormLog.tla through its wrapper
 * tla/apps/TraceWormLog.tla, with either engine (TLC when it can run here, else the embedded
 * checker; see src/tla/engines.ts). Renders the events as TLA+ records, each call with its
 * linearization window relative to itself (`back`). A rejected trace names its first unmatched event.
 */
import { pickEngine, type EngineChoice } from '../../tla/engines.ts';
import { checkSpecTrace, type SpecTraceModel, type SpecTraceVerdict } from '../../trace/spec-trace.ts';
import { JUNK_VALUE } from './node.ts';
import type { WormLogTrace, WormLogTraceEvent } from './trace.ts';

export const WORMLOG_SPEC_FILES = ['tla/apps/WormLog.tla', 'tla/apps/WOSApi.tla', 'tla/apps/SharedLog.tla', 'tla/apps/TraceWormLog.tla'];

const str = (s: string): string => JSON.stringify(s);

function value(v: string | null): string {
  if (v === null) return '"none"';
  return v === JUNK_VALUE ? 'Junk' : str(v);
}

/** backOf: how many events before event i (0-based) its call was invoked (none: not a call). */
export function backOf(e: WormLogTraceEvent, i: number): number | null {
  return 'inv' in e ? i + 1 - e.inv : null;
}

/** maxBack: the largest `back` of a log (the wrapper's Early looks no further ahead); at least 1. */
export function maxBack(events: readonly WormLogTraceEvent[]): number {
  let m = 1;
  events.forEach((e, i) => {
    m = Math.max(m, backOf(e, i) ?? 0);
  });
  return m;
}

/**
 * eventRecord renders event i (0-based) as a TLA+ record with the fields its step reads; a call's
 * `back` is computed from its index, since this path always renders the whole log.
 */
export function eventRecord(e: WormLogTraceEvent, i: number): string {
  const f: string[] = [`action |-> ${str(e.action)}`];
  const o = e as Record<string, unknown>;
  for (const k of ['s', 'c', 'r', 'id', 'code', 'call']) if (typeof o[k] === 'string') f.push(`${k} |-> ${str(o[k] as string)}`);
  for (const k of ['seg', 'slot', 'pos']) if (typeof o[k] === 'number') f.push(`${k} |-> ${o[k]}`);
  const back = backOf(e, i);
  if (back !== null) f.push(`back |-> ${back}`);
  if ('value' in e) f.push(`value |-> ${value(e.value)}`);
  if ('acked' in e) f.push(`acked |-> ${e.acked ? 'TRUE' : 'FALSE'}`);
  return `[${f.join(', ')}]`;
}

export function wormLogModel(trace: WormLogTrace): SpecTraceModel {
  const h = trace.header;
  const set = (xs: string[]): string => `{${xs.map(str).join(', ')}}`;
  return {
    specFiles: WORMLOG_SPEC_FILES,
    wrapper: 'TraceWormLog',
    events: trace.events.length,
    // The whole log always: an event of the prefix may need a later event's step, taken early.
    prefix(k) {
      const evs = trace.events;
      return {
        definitions: [
          `ClientDef == ${set(h.clients)}`,
          `SequencerDef == ${set(h.sequencers)}`,
          `ReaderDef == ${set(h.readers)}`,
          `TraceLogDef == <<\n${evs.map((e, i) => `    ${eventRecord(e, i)}`).join(',\n')}\n    >>`,
        ],
        constants: [
          `NSeg = ${h.nseg}`,
          `SegSize = ${h.segSize}`,
          'Client <- ClientDef',
          'Sequencer <- SequencerDef',
          'Reader <- ReaderDef',
          `MaxId = ${Math.max(1, h.captures)}`,
          'Junk = Junk',
          'Unwritten = Unwritten',
          'NoMeta = NoMeta',
          'LateWrites = TRUE',
          'Unheard = TRUE',
          'Bug = "none"',
          'TraceLog <- TraceLogDef',
          `Upto = ${k}`,
          `MaxBack = ${maxBack(evs)}`,
        ],
      };
    },
  };
}

export interface WormLogVerdict extends SpecTraceVerdict {
  message: string;
}

/** describe renders an event on one line: `ClientWrite c=cl1-4.2 slot=5 ...`. */
export function describeEvent(e: WormLogTraceEvent): string {
  const { action, at, ...rest } = e as WormLogTraceEvent & Record<string, unknown>;
  return [action, ...Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`), `at=${at}`].join(' ');
}

export async function validateWormLogTrace(trace: WormLogTrace, engine: EngineChoice = 'embedded'): Promise<WormLogVerdict> {
  const v = await checkSpecTrace(wormLogModel(trace), pickEngine(engine));
  const message = v.accepted
    ? `${v.engine}, ${v.distinct} states, ${v.seconds.toFixed(1)} s`
    : `event ${v.firstUnmatched! + 1} (${describeEvent(trace.events[v.firstUnmatched!]!)}) matches no step of WormLog.tla after ${v.matched} matched events (${v.engine})`;
  return { ...v, message };
}
