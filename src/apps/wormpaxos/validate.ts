/**
 * Validates a WormPaxos trace (trace.ts) against tla/apps/WormPaxos.tla through its wrapper
 * tla/apps/TraceWormPaxos.tla, with either engine (TLC when it can run here, else the embedded
 * checker; see src/tla/engines.ts). Renders the events as TLA+ records through the trace
 * descriptor (trace-descriptor.ts; with `back`, each call's linearization window relative to its
 * event). A rejected trace names its first unmatched event.
 */
import { pickEngine, type EngineChoice } from '../../tla/engines.ts';
import { checkSpecTrace, type SpecTraceModel, type SpecTraceVerdict } from '../../trace/spec-trace.ts';
import { formatTla } from '../../tla/print.ts';
import type { EventLine } from '../../trace/spec-descriptor.ts';
import type { WormPaxosTrace, WormPaxosTraceEvent } from './trace.ts';
import { WORMPAXOS_SPEC_FILES, wormPaxosConstants, wormPaxosDescriptor } from './trace-descriptor.ts';

/**
 * eventRecord renders one event as the TLA+ record TraceLog holds, through the descriptor that
 * `trace check` uses too: one rendering for both paths (a second one here once left out the
 * captures' `stale` offsets, so the simulation's check and `trace check` disagreed).
 */
function eventRecord(e: WormPaxosTraceEvent): string {
  return formatTla(wormPaxosDescriptor.eventValue(e as unknown as EventLine));
}

const str = (s: string): string => JSON.stringify(s);

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
