/**
 * The history of a simulated run: every API call with its arguments, its invocation time, and
 * (unless its client crashed first) its result and return time. The checkers read only this and
 * the votes log, never the simulator's internals.
 */
import type { Ballot } from '../core/ballot.ts';
import type { AnyResult, ServerId, Value } from '../core/messages.ts';

export type Call =
  | { kind: 'alloc'; seg: number; value: Value }
  | { kind: 'check'; seg: number }
  | { kind: 'trim'; seg: number }
  | { kind: 'capture'; seg: number; off: number }
  | { kind: 'write'; seg: number; off: number; value: Value; captureId: Ballot | null }
  | { kind: 'read'; seg: number; off: number }
  | { kind: 'captureSegment'; seg: number; start: number; end: number }
  | { kind: 'writeSegment'; seg: number; start: number; end: number; value: Value; captureId: Ballot | null };

export interface CallRecord {
  /** Position in the history. */
  id: number;
  client: number;
  call: Call;
  invokedAt: number;
  returnedAt: number | null;
  result: AnyResult | null;
  /** Calls of the liveness phase, when faults are off and every call must finish. */
  liveness: boolean;
}

/** One acceptor's acknowledged accept: the votes a quorum of which makes a value chosen. */
export interface Vote {
  server: ServerId;
  seg: number;
  off: number;
  ballot: Ballot;
  value: Value;
}

export interface Trimmed {
  server: ServerId;
  seg: number;
}

export interface RunLog {
  calls: CallRecord[];
  votes: Vote[];
  trims: Trimmed[];
  /** The partition (server ids) of a segment. */
  partitionOf: (seg: number) => readonly ServerId[];
}
