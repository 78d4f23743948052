/**
 * Linkage of the protocol-level WOS trace (src/trace/wosimpl.ts, tla/wos/TraceWOSImpl.tla) to
 * tla/wos/WOSImpl.tla and to the client library's operations (src/core/proposer/operations.ts)
 * that build each WOS call from the metadata, trim and data WORs. A step sits between the events
 * that bound it; the bounding event takes it at the latest.
 */
import type { SpecLinkage } from '../linkage.ts';

const SIM_CLIENT = 'src/sim/client.ts';
const OPS = 'src/core/proposer/operations.ts';

export const wosImplLinkage: SpecLinkage = {
  descriptor: 'WOSImpl',
  layer: 'wos',
  spec: 'tla/wos/WOSImpl.tla',
  events: {
    Call: {
      actions: [],
      stutter: 'an invocation changes nothing yet: the wrapper notes the call (its metadata read\'s answer and its own), a lost one as a call whose steps may come later',
      impl: { file: SIM_CLIENT, fn: 'SimClient.invoke' },
    },
    // The allocation check of trim and of register calls (the client's cache skips it).
    MetaChecked: { actions: ['Check'], impl: { file: OPS, fn: 'guarded' } },
    TrimDecided: { actions: ['TrimDecide'], impl: { file: OPS, fn: 'trimOp' } },
    Apply: {
      actions: [],
      stutter: 'one server dropping the segment changes no WOSImpl variable (applied[s] is the trim call\'s TrimApply, at its quorum of drops); the event checks that the trim WOR was decided first',
      impl: { file: 'src/core/acceptor.ts', fn: 'onTrimSegment' },
    },
    // The call's last step, with its answer pinned: alloc's write of the metadata WOR, check,
    // trim's apply, the data WOR calls (their refusal on an unallocated or trimmed segment is a
    // disjunct inside each, behind WOSImpl's ~Busy(c)).
    Return: {
      actions: ['AllocWrite', 'Check', 'TrimApply', 'CaptureSegment', 'Write', 'Read'],
      impl: { file: SIM_CLIENT, fn: 'SimClient.handle' },
    },
  },
  unobserved: {
    AllocCapture: {
      reason: 'alloc captures and writes the metadata WOR in one Paxos run (allocOp: PaxosOp propose); its capture is taken between the Call and the Return (glue), no event marks it',
      impl: { file: OPS, fn: 'allocOp' },
    },
    WriteSegment: { reason: 'the code writes a range register by register, not atomically: the wrapper takes a writeSegment as one Write per register, each at its own point between its events' },
    SettleMeta: { reason: 'a preempted alloc whose accepts landed after all (a later repair completes it) is seen by no caller: glue' },
    Settle: { reason: 'a preempted or lost write landing late (an accept in flight, a read\'s repair) is seen by no caller: glue' },
  },
};
