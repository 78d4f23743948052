/**
 * Tracing at the core boundary. A core step may report one event per spec action it takes: the
 * action's name in the TLA+ spec (tla/wor/WORPaxos.tla) and the values of the spec variables it
 * touched, as plain JSON data (ballots are [round, clientId] tuples, which JsonTla renders as
 * TLA+ tuples). The caller passes a Tracer or nothing; with nothing, the cost is one null check
 * per step, because events are only built inside `if (tracer)`.
 */
export interface TraceEvent {
  /** The spec action, e.g. `Promise`, `Accepted`, `Prepare`, `Repair`. */
  action: string;
  /** Spec variable (or action parameter) name to its value after the action. */
  vars: Record<string, unknown>;
}

export type Tracer = (event: TraceEvent) => void;
