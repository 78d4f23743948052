/**
 * The refinement mapping from the servers' durable state (the simulator's acceptors, the same
 * core as the TCP servers') to the variables of tla/wos/WOSImpl.tla, rendered as JsonTla-ready
 * values. WOSImpl's segments are 1..N: the code's segment s is WOSImpl's s + 1 (as in the trace,
 * src/trace/wosimpl.ts).
 *
 * A WOR's value is the value a majority of the partition's acceptors hold accepted (a value held
 * by a majority can be the only one ever chosen); a segment's rows are gone once trimmed, so its
 * registers' values are unknown there (null). Every VARIABLE of the spec is mapped
 * (WOSIMPL_MAPPED) or listed in WOSIMPL_UNMAPPED with the reason the servers' state does not
 * determine it; test/trace/wosimpl-refinement.test.ts checks both lists against the spec's
 * VARIABLES, and the mapping against the state WOSImpl reaches on the same run's trace.
 */
import { META_OFFSET, TRIM_OFFSET } from '../src/core/address.ts';
import type { AcceptorView } from '../src/core/acceptor.ts';

/** Mapped: metaWor and data by their `val` field (cap and pend are unobservable, see below). */
export const WOSIMPL_MAPPED = ['metaWor', 'trimWor', 'applied', 'data'] as const;

export const WOSIMPL_UNMAPPED: Record<string, string> = {
  ctlId: "unobservable: the number of metadata captures in linearization order; the code's capture ids are ballots <<round, client>>, and the order is the one the trace wrapper chooses",
  lastId: 'unobservable: the number of data captures in linearization order (see ctlId); the wrapper binds ballots to these ids (idOf)',
  allocating: "client-side and transient: an alloc's capture in flight inside one PaxosOp; a crashed client's is gone, and the servers keep only promises",
  trimming: "client-side and transient: a trim between its decision and its quorum of drops; the servers keep only the trim WOR's value and their tombstones",
  resp: 'client-side: the answer of each call, which the trace pins at each Return instead',
};

/** The mapped state of one segment; null where the servers' state says nothing (rows trimmed). */
export interface WosImplSegment {
  /** metaWor[s].val: the metadata a majority holds, or "None"; null once trimmed. */
  meta: string | null;
  /** trimWor[s]: a majority holds the trim WOR's value, or some acceptor already dropped s. */
  trimWor: boolean;
  /** applied[s]: some acceptor dropped s (its tombstone). */
  applied: boolean;
  /** data[s][o].val for each offset: the value a majority holds, or "None"; null once trimmed. */
  data: (string | null)[];
}

/** majorityValue: the value more than half of `stores` hold accepted at (seg, off), or "None". */
function majorityValue(stores: readonly AcceptorView[], seg: number, off: number): string {
  const n = new Map<string, number>();
  for (const st of stores) {
    const v = st.getWor(seg, off)?.acceptedValue;
    if (typeof v === 'string') n.set(v, (n.get(v) ?? 0) + 1);
  }
  for (const [v, k] of n) if (2 * k > stores.length) return v;
  return 'None';
}

/** mapWosImpl maps a partition's acceptor stores to WOSImpl's variables, segment by segment (code numbering). */
export function mapWosImpl(stores: readonly AcceptorView[], segments: number, offsets: number): WosImplSegment[] {
  const out: WosImplSegment[] = [];
  for (let s = 0; s < segments; s++) {
    const applied = stores.some((st) => st.isTrimmed(s));
    out.push({
      meta: applied ? null : majorityValue(stores, s, META_OFFSET),
      trimWor: applied || majorityValue(stores, s, TRIM_OFFSET) !== 'None',
      applied,
      data: Array.from({ length: offsets }, (_, o) => (applied ? null : majorityValue(stores, s, o))),
    });
  }
  return out;
}
