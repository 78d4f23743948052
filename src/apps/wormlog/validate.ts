/**
 * Validates a WormLog trace (trace.ts) against tla/apps/WormLog.tla through its wrapper
 * tla/apps/TraceWormLog.tla, with either engine (TLC when it can run here, else the embedded
 * checker; see src/tla/engines.ts). Renders the events as TLA+ records, each call with its
 * linearization window relative to itself (`back`). A rejected trace names its first unmatched event.
 */
import { pickEngine, type EngineChoice } from '../../tla/engines.ts';
import { formatTla } from '../../tla/print.ts';
import type { EventLine } from '../../trace/spec-descriptor.ts';
import { checkSpecTrace, type SpecTraceModel, type SpecTraceVerdict } from '../../trace/spec-trace.ts';
import type { WormLogTrace, WormLogTraceEvent } from './trace.ts';
import { WORMLOG_SPEC_FILES, wormLogConstants, wormLogDescriptor } from './trace-descriptor.ts';

export { WORMLOG_SPEC_FILES };

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
 * eventRecord renders event i (0-based) as the TLA+ record TraceLog holds, through the descriptor
 * that `trace check` uses too (one rendering for both paths, as for WormPaxos, where a second copy
 * once dropped a field). A call's `back` is computed from its index, since this path always
 * renders the whole log.
 */
export function eventRecord(e: WormLogTraceEvent, i: number): string {
  const back = backOf(e, i);
  const line = (back === null ? e : { ...e, back }) as unknown as EventLine;
  return formatTla(wormLogDescriptor.eventValue(line));
}

export function wormLogModel(trace: WormLogTrace): SpecTraceModel {
  const c = wormLogConstants(trace.header);
  return {
    specFiles: WORMLOG_SPEC_FILES,
    wrapper: 'TraceWormLog',
    events: trace.events.length,
    // The whole log always: an event of the prefix may need a later event's step, taken early.
    prefix(k) {
      const evs = trace.events;
      return {
        definitions: [...c.definitions, `TraceLogDef == <<\n${evs.map((e, i) => `    ${eventRecord(e, i)}`).join(',\n')}\n    >>`],
        constants: [...c.cfg, 'TraceLog <- TraceLogDef', `Upto = ${k}`, `MaxBack = ${maxBack(evs)}`],
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
